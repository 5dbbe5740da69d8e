package lasso.domain.karel;

import lasso.domain.Mutator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * SED's synthetic mutations (models.md §C.6): eight operators, each drawn with probability
 * proportional to its base weight times the number of places it applies to, and chains of 1–3 of
 * them (P ∝ 1:2:3) in which every mutant is new to the chain. Mutants always parse: every operator
 * keeps blocks non-empty and counts within 2..10.
 *
 * <p>Two deliberate departures from the released code: {@link Operator#REPLACE_COND} on a repeat
 * changes its count (the intended behaviour; the released code never does), and a chain retries a
 * rejected step from the same program (the released code mutates the rejected mutant further).
 */
public final class KarelMutator implements Mutator<KarelProgram> {

    static final KarelMutator INSTANCE = new KarelMutator();

    /** The operators with their base weights. */
    public enum Operator {
        /** Insert one of the 5 actions at any of the n+1 places of any block. */
        ADD_ACTION(1),
        /** Remove an action from a block that has more than one statement. */
        REMOVE_ACTION(1),
        /** Replace an action by one of the other four. */
        REPLACE_ACTION(1),
        /** Replace an if/ifelse/while/repeat by its body (an ifelse by both bodies, then-body first). */
        UNWRAP_BLOCK(1),
        /** Wrap a non-empty run of a block (block weight n(n+1)/2) in a new if, while or repeat. */
        WRAP_BLOCK(0.25),
        /** Split a run of a block (block weight C(n+1,3)) into the two bodies of a new ifelse. */
        WRAP_IFELSE(0.75),
        /** Give an if/ifelse/while another of the 8 conditions, or a repeat another count in 2..10. */
        REPLACE_COND(1),
        /** Turn an if into a while or a while into an if. */
        SWITCH_IF_WHILE(1);

        private final double weight;

        Operator(double weight) {
            this.weight = weight;
        }

        public double baseWeight() {
            return weight;
        }
    }

    private static final Operator[] OPERATORS = Operator.values();

    @Override
    public List<String> operators() {
        return Arrays.stream(OPERATORS).map(Operator::name).toList();
    }

    /** Each operator's weight for this program: base weight × applicable places. */
    public double[] weights(KarelProgram program) {
        return new Tree(program).weights();
    }

    @Override
    public Optional<KarelProgram> mutate(KarelProgram program, RandomGenerator random) {
        Tree tree = new Tree(program);
        double[] weights = tree.weights();
        double total = Arrays.stream(weights).sum();
        if (total == 0) {
            return Optional.empty();
        }
        double x = random.nextDouble() * total;
        int chosen = OPERATORS.length - 1;
        for (int i = 0; i < OPERATORS.length; i++) {
            x -= weights[i];
            if (x < 0 && weights[i] > 0) {
                chosen = i;
                break;
            }
        }
        while (weights[chosen] == 0) {
            chosen--;
        }
        tree.apply(OPERATORS[chosen], random);
        return Optional.of(tree.toProgram());
    }

    /** One mutation by the given operator, or empty if it applies nowhere in this program. */
    public Optional<KarelProgram> mutate(KarelProgram program, Operator operator, RandomGenerator random) {
        Tree tree = new Tree(program);
        if (tree.weights()[operator.ordinal()] == 0) {
            return Optional.empty();
        }
        tree.apply(operator, random);
        return Optional.of(tree.toProgram());
    }

    @Override
    public Optional<KarelProgram> mutateChain(KarelProgram program, RandomGenerator random) {
        return mutateChain(program, chainLength(random), random);
    }

    /** 1, 2 or 3 with probabilities 1/6, 2/6, 3/6 (SED's {@code --karel-mutate-n-dist 1,2,3}). */
    static int chainLength(RandomGenerator random) {
        int r = random.nextInt(6);
        return r == 0 ? 1 : r < 3 ? 2 : 3;
    }

    /** A mutable copy of a program's tree with the places each operator applies to. */
    private static final class Tree {
        final List<Node> root;
        final List<List<Node>> bodies = new ArrayList<>();
        final List<Place> actions = new ArrayList<>();
        final List<Place> removable = new ArrayList<>();
        final List<Place> compounds = new ArrayList<>();
        final List<Node> ifsAndWhiles = new ArrayList<>();

        Tree(KarelProgram program) {
            root = copy(program.body());
            index(root);
        }

        private static List<Node> copy(List<Statement> block) {
            List<Node> nodes = new ArrayList<>(block.size());
            for (Statement statement : block) {
                nodes.add(new Node(statement));
            }
            return nodes;
        }

        private void index(List<Node> body) {
            bodies.add(body);
            for (int i = 0; i < body.size(); i++) {
                Node node = body.get(i);
                Place place = new Place(body, i);
                if (node.kind == Kind.ACTION) {
                    actions.add(place);
                    if (body.size() > 1) {
                        removable.add(place);
                    }
                    continue;
                }
                compounds.add(place);
                if (node.kind == Kind.IF || node.kind == Kind.WHILE) {
                    ifsAndWhiles.add(node);
                }
                index(node.body);
                if (node.kind == Kind.IFELSE) {
                    index(node.elseBody);
                }
            }
        }

        double[] weights() {
            double add = 0;
            double wrap = 0;
            double wrapIfElse = 0;
            for (List<Node> body : bodies) {
                int n = body.size();
                add += n + 1;
                wrap += pairs(n);
                wrapIfElse += triples(n);
            }
            double[] counts = {add, removable.size(), actions.size(), compounds.size(), wrap, wrapIfElse,
                compounds.size(), ifsAndWhiles.size()};
            for (int i = 0; i < counts.length; i++) {
                counts[i] *= OPERATORS[i].baseWeight();
            }
            return counts;
        }

        private static double pairs(int n) {
            return n * (n + 1) / 2.0;
        }

        private static double triples(int n) {
            return (n + 1) * (double) n * (n - 1) / 6.0;
        }

        void apply(Operator operator, RandomGenerator random) {
            switch (operator) {
                case ADD_ACTION -> {
                    List<Node> body = weightedBody(random, n -> n + 1);
                    body.add(random.nextInt(body.size() + 1), Node.action(Action.of(random.nextInt(5))));
                }
                case REMOVE_ACTION -> {
                    Place place = removable.get(random.nextInt(removable.size()));
                    place.body.remove(place.index);
                }
                case REPLACE_ACTION -> {
                    Place place = actions.get(random.nextInt(actions.size()));
                    Node node = place.body.get(place.index);
                    int other = random.nextInt(4);
                    node.action = Action.of(other >= node.action.ordinal() ? other + 1 : other);
                }
                case UNWRAP_BLOCK -> {
                    Place place = compounds.get(random.nextInt(compounds.size()));
                    Node node = place.body.remove(place.index);
                    List<Node> inner = new ArrayList<>(node.body);
                    if (node.kind == Kind.IFELSE) {
                        inner.addAll(node.elseBody);
                    }
                    place.body.addAll(place.index, inner);
                }
                case WRAP_BLOCK -> {
                    List<Node> body = weightedBody(random, Tree::pairs);
                    int[] bounds = choose(body.size() + 1, 2, random);
                    List<Node> run = body.subList(bounds[0], bounds[1]);
                    List<Node> inner = new ArrayList<>(run);
                    run.clear();
                    Node block = switch (random.nextInt(3)) {
                        case 0 -> Node.compound(Kind.IF, randomCondition(random), 0, inner, null);
                        case 1 -> Node.compound(Kind.WHILE, randomCondition(random), 0, inner, null);
                        default -> Node.compound(Kind.REPEAT, null, 2 + random.nextInt(9), inner, null);
                    };
                    body.add(bounds[0], block);
                }
                case WRAP_IFELSE -> {
                    List<Node> body = weightedBody(random, Tree::triples);
                    int[] bounds = choose(body.size() + 1, 3, random);
                    List<Node> thenBody = new ArrayList<>(body.subList(bounds[0], bounds[1]));
                    List<Node> elseBody = new ArrayList<>(body.subList(bounds[1], bounds[2]));
                    body.subList(bounds[0], bounds[2]).clear();
                    body.add(bounds[0], Node.compound(Kind.IFELSE, randomCondition(random), 0, thenBody, elseBody));
                }
                case REPLACE_COND -> {
                    Place place = compounds.get(random.nextInt(compounds.size()));
                    Node node = place.body.get(place.index);
                    if (node.kind == Kind.REPEAT) {
                        int other = 2 + random.nextInt(8);
                        node.times = other >= node.times ? other + 1 : other;
                    } else {
                        List<Condition> choices = new ArrayList<>(Condition.MUTATION_CHOICES);
                        choices.remove(node.condition);
                        node.condition = choices.get(random.nextInt(choices.size()));
                    }
                }
                case SWITCH_IF_WHILE -> {
                    Node node = ifsAndWhiles.get(random.nextInt(ifsAndWhiles.size()));
                    node.kind = node.kind == Kind.IF ? Kind.WHILE : Kind.IF;
                }
            }
        }

        private List<Node> weightedBody(RandomGenerator random, java.util.function.IntToDoubleFunction weight) {
            double total = 0;
            for (List<Node> body : bodies) {
                total += weight.applyAsDouble(body.size());
            }
            double x = random.nextDouble() * total;
            for (List<Node> body : bodies) {
                double w = weight.applyAsDouble(body.size());
                x -= w;
                if (x < 0 && w > 0) {
                    return body;
                }
            }
            for (int i = bodies.size() - 1; ; i--) {
                if (weight.applyAsDouble(bodies.get(i).size()) > 0) {
                    return bodies.get(i);
                }
            }
        }

        /** A uniformly chosen increasing {@code k}-tuple from {@code 0..n-1} (k = 2 or 3). */
        private static int[] choose(int n, int k, RandomGenerator random) {
            long count = k == 2 ? (long) n * (n - 1) / 2 : (long) n * (n - 1) * (n - 2) / 6;
            long target = random.nextLong(count);
            if (k == 2) {
                for (int a = 0; a < n; a++) {
                    for (int b = a + 1; b < n; b++) {
                        if (target-- == 0) {
                            return new int[] {a, b};
                        }
                    }
                }
            } else {
                for (int a = 0; a < n; a++) {
                    for (int b = a + 1; b < n; b++) {
                        for (int c = b + 1; c < n; c++) {
                            if (target-- == 0) {
                                return new int[] {a, b, c};
                            }
                        }
                    }
                }
            }
            throw new IllegalStateException("no " + k + "-tuple left in 0.." + (n - 1));
        }

        private static Condition randomCondition(RandomGenerator random) {
            return Condition.MUTATION_CHOICES.get(random.nextInt(Condition.MUTATION_CHOICES.size()));
        }

        KarelProgram toProgram() {
            return new KarelProgram(statements(root));
        }

        private static List<Statement> statements(List<Node> nodes) {
            List<Statement> block = new ArrayList<>(nodes.size());
            for (Node node : nodes) {
                block.add(node.toStatement());
            }
            return block;
        }
    }

    private record Place(List<Node> body, int index) {
    }

    private enum Kind { ACTION, REPEAT, WHILE, IF, IFELSE }

    /** A statement while it is being edited. */
    private static final class Node {
        Kind kind;
        Action action;
        Condition condition;
        int times;
        List<Node> body;
        List<Node> elseBody;

        private Node() {
        }

        Node(Statement statement) {
            if (statement instanceof Action a) {
                kind = Kind.ACTION;
                action = a;
            } else if (statement instanceof Statement.Repeat repeat) {
                kind = Kind.REPEAT;
                times = repeat.times();
                body = Tree.copy(repeat.body());
            } else if (statement instanceof Statement.While loop) {
                kind = Kind.WHILE;
                condition = loop.condition();
                body = Tree.copy(loop.body());
            } else if (statement instanceof Statement.If branch) {
                kind = Kind.IF;
                condition = branch.condition();
                body = Tree.copy(branch.body());
            } else if (statement instanceof Statement.IfElse branch) {
                kind = Kind.IFELSE;
                condition = branch.condition();
                body = Tree.copy(branch.thenBody());
                elseBody = Tree.copy(branch.elseBody());
            }
        }

        static Node action(Action action) {
            Node node = new Node();
            node.kind = Kind.ACTION;
            node.action = action;
            return node;
        }

        static Node compound(Kind kind, Condition condition, int times, List<Node> body, List<Node> elseBody) {
            Node node = new Node();
            node.kind = kind;
            node.condition = condition;
            node.times = times;
            node.body = body;
            node.elseBody = elseBody;
            return node;
        }

        Statement toStatement() {
            return switch (kind) {
                case ACTION -> action;
                case REPEAT -> new Statement.Repeat(times, Tree.statements(body));
                case WHILE -> new Statement.While(condition, Tree.statements(body));
                case IF -> new Statement.If(condition, Tree.statements(body));
                case IFELSE -> new Statement.IfElse(condition, Tree.statements(body), Tree.statements(elseBody));
            };
        }
    }
}
