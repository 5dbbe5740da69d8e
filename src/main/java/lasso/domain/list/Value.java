package lasso.domain.list;

/**
 * A value of the DeepCoder list DSL: an integer, a list of integers, or NULL (what HEAD of an empty
 * list or ACCESS out of range give). Values are immutable and compare by content.
 */
public sealed interface Value permits IntValue, ListValue, NullValue {

    /** The DSL type of the value; NULL stands where an integer was expected. */
    Type type();

    static Value of(int value) {
        return new IntValue(value);
    }

    static ListValue list(int... elements) {
        return new ListValue(elements);
    }

    /** Whether every integer of the value lies in the DSL's range and a list is not too long. */
    default boolean inRange() {
        if (this instanceof IntValue i) {
            return ListSemantics.inRange(i.value());
        }
        if (this instanceof ListValue l) {
            return l.length() <= ListSemantics.MAX_LENGTH && l.stream().allMatch(ListSemantics::inRange);
        }
        return true;
    }
}
