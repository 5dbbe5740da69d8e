package lasso.domain.c;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A restricted-C program's state between two steps: the list and the variables in scope (by
 * canonical name, innermost of each name, in order of declaration).
 */
public record CState(CArray list, Map<String, Integer> variables) {

    public CState {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }
}
