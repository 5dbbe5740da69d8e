package lasso.domain;

/**
 * One step of a trace: an executed action or statement, or the evaluation of a condition.
 *
 * @param timestep       the number of states recorded when the event fired (so the state it saw
 *                       is {@code states.get(timestep - 1)})
 * @param type           the action's name, or the construct ({@code if}, {@code while}, …)
 * @param span           the program tokens of the statement
 * @param conditionSpan  the tokens of the condition (or loop count), null for plain actions
 * @param conditionValue the condition's value (1 true, 0 false) or a loop's remaining count;
 *                       null for plain actions
 * @param success        false only on the step that failed the run
 */
public record TraceEvent(int timestep, String type, TokenSpan span, TokenSpan conditionSpan,
                         Integer conditionValue, boolean success) {
}
