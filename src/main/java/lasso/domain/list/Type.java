package lasso.domain.list;

/** The two data types of the DSL (booleans exist only inside the predicate lambdas). */
public enum Type {
    INT("INT", "int"),
    LIST("LIST", "[int]");

    private final String prefixName;
    private final String msName;

    Type(String prefixName, String msName) {
        this.prefixName = prefixName;
        this.msName = msName;
    }

    /** The name in the prefix form ({@code LIST|INT|...}). */
    public String prefixName() {
        return prefixName;
    }

    /** The name in the Microsoft text form ({@code a <- [int]}). */
    public String msName() {
        return msName;
    }
}
