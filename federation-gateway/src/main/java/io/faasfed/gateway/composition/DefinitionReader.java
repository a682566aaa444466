package io.faasfed.gateway.composition;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Turns a JSON tree into a {@link CompositionDefinition}, collecting every problem with its path. One instance reads
 * one definition.
 */
final class DefinitionReader {

    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    static final Pattern STATE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** A function as the invocation path names it: the last dot splits off the namespace. */
    static final Pattern FUNCTION = Pattern.compile("[A-Za-z0-9_@-][A-Za-z0-9_@.-]{0,252}");
    static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);
    static final int MAX_CONDITION_DEPTH = 16;
    static final int MAX_DESCRIPTION = 4096;
    static final int MAX_ERROR = 256;
    static final int MAX_CAUSE = 4096;

    private static final List<String> ROOT_FIELDS = List.of("name", "description", "timeout", "startAt", "states");
    private static final List<String> SCOPE_FIELDS = List.of("startAt", "states");
    private static final List<String> ACTION_FIELDS = List.of("input", "resultPath", "output", "timeout", "retry",
            "catch", "next", "end");
    private static final List<String> RETRY_FIELDS = List.of("errors", "interval", "backoffRate", "maxAttempts",
            "jitter");
    private static final List<String> CATCH_FIELDS = List.of("errors", "next", "resultPath");
    private static final List<String> STEP_FIELDS = List.of("function", "input", "output", "timeout", "retry");
    private static final List<String> CHOICE_FIELDS = List.of("condition", "next");

    private final CompositionLimits limits;
    private final List<Violation> violations = new ArrayList<>();
    private int overflow;
    private int steps;

    DefinitionReader(CompositionLimits limits) {
        this.limits = limits;
    }

    CompositionDefinition read(JsonNode root) {
        if (!root.isObject()) {
            add("", "the definition is " + Selector.kind(root) + "; write an object with name, startAt and states");
            throw invalid();
        }
        fields(root, "", ROOT_FIELDS);
        String name = string(root, "name", "", true);
        if (name != null && !NAME.matcher(name).matches()) {
            add("name", "'" + name + "' is not a composition name; write 1 to 63 lower-case letters, digits and "
                    + "'-', starting and ending with a letter or digit, e.g. order-pipeline");
        }
        String description = string(root, "description", "", false);
        if (description != null && description.length() > MAX_DESCRIPTION) {
            add("description", "longer than " + MAX_DESCRIPTION + " characters; shorten it");
        }
        Duration timeout = duration(root, "timeout", "", Duration.ofMillis(1), MAX_TIMEOUT);
        Branch top = scope(root, "", 1);
        if (steps > limits.maxSteps()) {
            add("states", "the definition has " + steps + " steps in all scopes; at most " + limits.maxSteps()
                    + " are allowed: split it into compositions that call each other");
        }
        if (!violations.isEmpty()) {
            throw invalid();
        }
        return new CompositionDefinition(name, description, timeout, top.startAt(), top.states());
    }

    private InvalidComposition invalid() {
        List<Violation> all = new ArrayList<>(violations);
        if (overflow > 0) {
            all.add(new Violation("", "... and " + overflow + " more problems"));
        }
        return new InvalidComposition(all);
    }

    private void add(String path, String message) {
        if (violations.size() < limits.maxViolations()) {
            violations.add(new Violation(path, message));
        } else {
            overflow++;
        }
    }

    // ---- scopes and the graph ----------------------------------------------------------------------------------

    private record Edge(String to, String path) {
    }

    /** Reads {@code startAt} and {@code states} of the object at {@code path}, and checks its graph. */
    private Branch scope(JsonNode object, String path, int depth) {
        String startAt = string(object, "startAt", path, true);
        String statesPath = child(path, "states");
        JsonNode statesNode = object.get("states");
        Map<String, State> states = new LinkedHashMap<>();
        Map<String, List<Edge>> edges = new LinkedHashMap<>();
        if (statesNode == null) {
            add(statesPath, "missing; write the scope's states as an object of name: state");
        } else if (!statesNode.isObject()) {
            add(statesPath, "expected an object of name: state, got " + Selector.kind(statesNode));
        } else if (statesNode.isEmpty()) {
            add(statesPath, "empty; a scope needs at least one state");
        } else {
            for (String name : statesNode.propertyNames()) {
                String statePath = statesPath + "." + name;
                if (!STATE_NAME.matcher(name).matches()) {
                    add(statePath, "'" + name + "' is not a state name; write 1 to 64 letters, digits, '_' or '-'");
                }
                List<Edge> out = new ArrayList<>();
                State state = state(statesNode.get(name), statePath, depth, out);
                edges.put(name, out);
                if (state != null) {
                    states.put(name, state);
                }
            }
            // a state that could not be read has unknown transitions: what it leads to cannot be called unreachable
            checkGraph(path, startAt, edges, states.size() == edges.size());
        }
        return new Branch(startAt, states);
    }

    private void checkGraph(String path, String startAt, Map<String, List<Edge>> edges, boolean complete) {
        Set<String> names = edges.keySet();
        String here = "states here: " + String.join(", ", names);
        for (List<Edge> out : edges.values()) {
            for (Edge edge : out) {
                if (!names.contains(edge.to())) {
                    add(edge.path(), "no state '" + edge.to() + "' in this scope" + suggest(edge.to(), names) + "; "
                            + here);
                }
            }
        }
        if (startAt != null && !names.contains(startAt)) {
            add(child(path, "startAt"), "no state '" + startAt + "' in this scope" + suggest(startAt, names) + "; "
                    + here);
        }
        if (complete && startAt != null && names.contains(startAt)) {
            Set<String> reached = new LinkedHashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(startAt));
            while (!todo.isEmpty()) {
                String name = todo.pop();
                if (reached.add(name)) {
                    edges.get(name).stream().map(Edge::to).filter(names::contains).forEach(todo::push);
                }
            }
            for (String name : names) {
                if (!reached.contains(name)) {
                    add(child(path, "states") + "." + name, "unreachable: nothing leads here from startAt '"
                            + startAt + "' (through next, choices, default or catch); remove the state or point a "
                            + "next at it");
                }
            }
        }
        Map<String, Integer> color = new HashMap<>();
        for (String name : names) {
            if (!color.containsKey(name)) {
                findCycles(name, edges, color, new ArrayList<>());
            }
        }
    }

    /** Depth-first search; every edge back to a state on the current path closes one cycle, reported once. */
    private void findCycles(String name, Map<String, List<Edge>> edges, Map<String, Integer> color,
                            List<String> trail) {
        color.put(name, 1);
        trail.add(name);
        for (Edge edge : edges.get(name)) {
            if (!edges.containsKey(edge.to())) {
                continue;
            }
            Integer c = color.get(edge.to());
            if (c == null) {
                findCycles(edge.to(), edges, color, trail);
            } else if (c == 1) {
                List<String> cycle = new ArrayList<>(trail.subList(trail.indexOf(edge.to()), trail.size()));
                cycle.add(edge.to());
                add(edge.path(), "cycle: " + String.join(" -> ", cycle) + "; a composition's states must not "
                        + "loop back: use retry to try a step again, or a map state to repeat work over items");
            }
        }
        trail.remove(trail.size() - 1);
        color.put(name, 2);
    }

    // ---- states ------------------------------------------------------------------------------------------------

    private State state(JsonNode node, String path, int depth, List<Edge> edges) {
        if (!node.isObject()) {
            add(path, "expected a state object with a type, got " + Selector.kind(node));
            return null;
        }
        JsonNode typeNode = node.get("type");
        String allTypes = StateType.allNames();
        if (typeNode == null) {
            add(child(path, "type"), "missing; write one of " + allTypes);
            return null;
        }
        if (!typeNode.isString()) {
            add(child(path, "type"), "expected a string, one of " + allTypes);
            return null;
        }
        StateType type = StateType.fromJsonName(typeNode.stringValue()).orElse(null);
        if (type == null) {
            add(child(path, "type"), "unknown state type '" + typeNode.stringValue() + "'"
                    + suggest(typeNode.stringValue(), names(StateType.values())) + "; write one of " + allTypes);
            return null;
        }
        return switch (type) {
            case TASK -> task(node, path, edges);
            case SEQUENCE -> sequence(node, path, edges);
            case PARALLEL -> parallel(node, path, depth, edges);
            case MAP -> map(node, path, depth, edges);
            case CHOICE -> choice(node, path, edges);
            case SUCCEED -> {
                fields(node, path, List.of("type"));
                steps++;
                yield new SucceedState();
            }
            case FAIL -> fail(node, path);
        };
    }

    private static List<String> with(List<String> a, String... b) {
        List<String> out = new ArrayList<>(List.of("type"));
        out.addAll(List.of(b));
        out.addAll(a);
        return out;
    }

    private TaskState task(JsonNode node, String path, List<Edge> edges) {
        fields(node, path, with(ACTION_FIELDS, "function"));
        steps++;
        String function = function(node, path);
        Action a = action(node, path, edges, true);
        return new TaskState(function, a.input, a.resultPath, a.output, a.timeout, a.retry, a.catchers, a.next);
    }

    private SequenceState sequence(JsonNode node, String path, List<Edge> edges) {
        fields(node, path, with(ACTION_FIELDS.stream().filter(f -> !f.equals("retry")).toList(), "steps"),
                "retry"); // its own message below
        List<SequenceState.Step> list = new ArrayList<>();
        JsonNode stepsNode = array(node, "steps", path, true);
        if (stepsNode != null) {
            for (int i = 0; i < stepsNode.size(); i++) {
                String stepPath = child(path, "steps") + "[" + i + "]";
                JsonNode step = stepsNode.get(i);
                steps++;
                if (!step.isObject()) {
                    add(stepPath, "expected a step object such as { function: name }, got " + Selector.kind(step));
                    continue;
                }
                fields(step, stepPath, STEP_FIELDS);
                list.add(new SequenceState.Step(function(step, stepPath), selector(step, "input", stepPath),
                        selector(step, "output", stepPath),
                        duration(step, "timeout", stepPath, Duration.ofMillis(1), MAX_TIMEOUT),
                        retriers(step, stepPath)));
            }
        }
        if (node.has("retry")) {
            add(child(path, "retry"), "a sequence retries step by step: move the retry into the steps that need it");
        }
        Action a = action(node, path, edges, false);
        return new SequenceState(list, a.input, a.resultPath, a.output, a.timeout, a.catchers, a.next);
    }

    private ParallelState parallel(JsonNode node, String path, int depth, List<Edge> edges) {
        fields(node, path, with(ACTION_FIELDS, "branches"));
        steps++;
        List<Branch> branches = new ArrayList<>();
        JsonNode array = array(node, "branches", path, true);
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                Branch branch = branch(array.get(i), child(path, "branches") + "[" + i + "]", depth + 1);
                if (branch != null) {
                    branches.add(branch);
                }
            }
        }
        Action a = action(node, path, edges, true);
        return new ParallelState(branches, a.input, a.resultPath, a.output, a.timeout, a.retry, a.catchers, a.next);
    }

    private MapState map(JsonNode node, String path, int depth, List<Edge> edges) {
        fields(node, path, with(ACTION_FIELDS, "items", "maxConcurrency", "iterator"));
        steps++;
        Selector items = selector(node, "items", path);
        int concurrency = MapState.DEFAULT_MAX_CONCURRENCY;
        JsonNode c = node.get("maxConcurrency");
        if (c != null) {
            Integer value = integer(c, child(path, "maxConcurrency"), 1, MapState.MAX_CONCURRENCY);
            concurrency = value == null ? concurrency : value;
        }
        Branch iterator = null;
        JsonNode it = node.get("iterator");
        if (it == null) {
            add(child(path, "iterator"), "missing; write the scope run for each item: { startAt: ..., states: ... }");
        } else {
            iterator = branch(it, child(path, "iterator"), depth + 1);
        }
        Action a = action(node, path, edges, true);
        return new MapState(items, concurrency, iterator, a.input, a.resultPath, a.output, a.timeout, a.retry,
                a.catchers, a.next);
    }

    private Branch branch(JsonNode node, String path, int depth) {
        if (!node.isObject()) {
            add(path, "expected a scope object { startAt: ..., states: ... }, got " + Selector.kind(node));
            return null;
        }
        if (depth > limits.maxDepth()) {
            add(path, "nested " + depth + " scopes deep; at most " + limits.maxDepth() + " are allowed: move the "
                    + "inner work into a composition of its own and call it from a task");
            return null;
        }
        fields(node, path, SCOPE_FIELDS);
        return scope(node, path, depth);
    }

    private ChoiceState choice(JsonNode node, String path, List<Edge> edges) {
        fields(node, path, List.of("type", "choices", "default"));
        steps++;
        List<Choice> choices = new ArrayList<>();
        JsonNode array = array(node, "choices", path, true);
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                String choicePath = child(path, "choices") + "[" + i + "]";
                JsonNode entry = array.get(i);
                if (!entry.isObject()) {
                    add(choicePath, "expected { condition: ..., next: ... }, got " + Selector.kind(entry));
                    continue;
                }
                fields(entry, choicePath, CHOICE_FIELDS);
                Condition condition = null;
                JsonNode c = entry.get("condition");
                if (c == null) {
                    add(child(choicePath, "condition"), "missing; write e.g. { variable: $.total, "
                            + "numericGreaterThan: 100 }");
                } else {
                    condition = condition(c, child(choicePath, "condition"), 1);
                }
                String next = string(entry, "next", choicePath, true);
                if (next != null) {
                    edges.add(new Edge(next, child(choicePath, "next")));
                }
                choices.add(new Choice(condition, next));
            }
        }
        String defaultNext = string(node, "default", path, false);
        if (defaultNext != null) {
            edges.add(new Edge(defaultNext, child(path, "default")));
        }
        return new ChoiceState(choices, defaultNext);
    }

    private FailState fail(JsonNode node, String path) {
        fields(node, path, List.of("type", "error", "cause"));
        steps++;
        String error = string(node, "error", path, true);
        if (error != null && (error.isEmpty() || error.length() > MAX_ERROR)) {
            add(child(path, "error"), "write a short error code, 1 to " + MAX_ERROR + " characters");
        }
        String cause = string(node, "cause", path, false);
        if (cause != null && cause.length() > MAX_CAUSE) {
            add(child(path, "cause"), "longer than " + MAX_CAUSE + " characters; shorten it");
        }
        return new FailState(error, cause);
    }

    /** The parts every action state shares. */
    private record Action(Selector input, ResultPath resultPath, Selector output, Duration timeout,
                          List<Retrier> retry, List<Catcher> catchers, String next) {
    }

    private Action action(JsonNode node, String path, List<Edge> edges, boolean retries) {
        Selector input = selector(node, "input", path);
        ResultPath resultPath = resultPath(node, path);
        Selector output = selector(node, "output", path);
        Duration timeout = duration(node, "timeout", path, Duration.ofMillis(1), MAX_TIMEOUT);
        List<Retrier> retry = retries ? retriers(node, path) : List.of();
        List<Catcher> catchers = catchers(node, path, edges);
        String next = string(node, "next", path, false);
        JsonNode endNode = node.get("end");
        boolean end = false;
        if (endNode != null) {
            if (!endNode.isBoolean()) {
                add(child(path, "end"), "expected true (or leave it out and write next)");
            } else {
                end = endNode.booleanValue();
            }
        }
        if (next != null && end) {
            add(child(path, "end"), "both next and end: true; write only one: next to go on, end: true to finish "
                    + "the scope");
        } else if (next == null && !end && (node.get("next") == null || node.get("next").isNull())
                && (endNode == null || endNode.isBoolean())) {
            add(path, "neither next nor end; write next: <state> to go on, or end: true to finish the scope");
        }
        if (next != null) {
            edges.add(0, new Edge(next, child(path, "next")));
        }
        return new Action(input, resultPath, output, timeout, retry, catchers, next);
    }

    private String function(JsonNode node, String path) {
        String function = string(node, "function", path, true);
        if (function != null && (!FUNCTION.matcher(function).matches() || function.endsWith("."))) {
            add(child(path, "function"), "'" + function + "' is not a function name; write a name, optionally "
                    + "name.namespace: letters, digits, '-', '_', '@' (and '.' between name and namespace)");
        }
        return function;
    }

    private List<Retrier> retriers(JsonNode node, String path) {
        JsonNode array = array(node, "retry", path, false);
        List<Retrier> out = new ArrayList<>();
        if (array == null) {
            return out;
        }
        String coversAll = null;
        for (int i = 0; i < array.size(); i++) {
            String entryPath = child(path, "retry") + "[" + i + "]";
            JsonNode entry = array.get(i);
            if (!entry.isObject()) {
                add(entryPath, "expected { errors: [...], maxAttempts: ... }, got " + Selector.kind(entry));
                continue;
            }
            if (coversAll != null) {
                add(entryPath, "never used: " + coversAll + " before it already retries every error (any); "
                        + "move this entry up or remove it");
            }
            fields(entry, entryPath, RETRY_FIELDS);
            List<ErrorCategory> errors = errors(entry, entryPath);
            if (errors.contains(ErrorCategory.ANY)) {
                coversAll = entryPath;
            }
            Duration interval = duration(entry, "interval", entryPath, Duration.ZERO, MAX_INTERVAL);
            double rate = number(entry, "backoffRate", entryPath, 1, 10, Retrier.DEFAULT_BACKOFF_RATE);
            Integer attempts = entry.has("maxAttempts")
                    ? integer(entry.get("maxAttempts"), child(entryPath, "maxAttempts"), 1, 100)
                    : Integer.valueOf(Retrier.DEFAULT_MAX_ATTEMPTS);
            double jitter = number(entry, "jitter", entryPath, 0, 1, 0);
            out.add(new Retrier(errors, interval, rate, attempts == null ? Retrier.DEFAULT_MAX_ATTEMPTS : attempts,
                    jitter));
        }
        return out;
    }

    private List<Catcher> catchers(JsonNode node, String path, List<Edge> edges) {
        JsonNode array = array(node, "catch", path, false);
        List<Catcher> out = new ArrayList<>();
        if (array == null) {
            return out;
        }
        String coversAll = null;
        for (int i = 0; i < array.size(); i++) {
            String entryPath = child(path, "catch") + "[" + i + "]";
            JsonNode entry = array.get(i);
            if (!entry.isObject()) {
                add(entryPath, "expected { errors: [...], next: ... }, got " + Selector.kind(entry));
                continue;
            }
            if (coversAll != null) {
                add(entryPath, "never used: " + coversAll + " before it already catches every error (any); "
                        + "move this entry up or remove it");
            }
            fields(entry, entryPath, CATCH_FIELDS);
            List<ErrorCategory> errors = errors(entry, entryPath);
            if (errors.contains(ErrorCategory.ANY)) {
                coversAll = entryPath;
            }
            String next = string(entry, "next", entryPath, true);
            if (next != null) {
                edges.add(new Edge(next, child(entryPath, "next")));
            }
            out.add(new Catcher(errors, next, resultPath(entry, entryPath)));
        }
        return out;
    }

    private List<ErrorCategory> errors(JsonNode entry, String path) {
        JsonNode array = array(entry, "errors", path, true);
        List<ErrorCategory> out = new ArrayList<>();
        if (array == null) {
            return out;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode e = array.get(i);
            String at = child(path, "errors") + "[" + i + "]";
            ErrorCategory category = e.isString() ? ErrorCategory.fromJsonName(e.stringValue()).orElse(null) : null;
            if (category == null) {
                String written = e.isString() ? "'" + e.stringValue() + "'" : Selector.kind(e);
                add(at, "unknown error category " + written
                        + (e.isString() ? suggest(e.stringValue(), names(ErrorCategory.values())) : "")
                        + "; write one of " + ErrorCategory.allNames());
            } else if (out.contains(category)) {
                add(at, "'" + category.jsonName() + "' is listed twice; list it once");
            } else {
                out.add(category);
            }
        }
        if (out.contains(ErrorCategory.ANY) && out.size() > 1) {
            add(child(path, "errors"), "'any' already covers every category; write [any] alone");
        }
        return out;
    }

    // ---- conditions --------------------------------------------------------------------------------------------

    private Condition condition(JsonNode node, String path, int depth) {
        if (!node.isObject()) {
            add(path, "expected a condition object such as { variable: $.a, stringEquals: x }, got "
                    + Selector.kind(node));
            return null;
        }
        if (depth > MAX_CONDITION_DEPTH) {
            add(path, "conditions nested more than " + MAX_CONDITION_DEPTH + " deep; simplify it");
            return null;
        }
        List<String> combinators = node.propertyNames().stream()
                .filter(k -> k.equals("and") || k.equals("or") || k.equals("not")).toList();
        if (!combinators.isEmpty()) {
            if (node.size() > 1) {
                add(path, "a combinator (" + combinators.get(0) + ") stands alone: move the other fields ("
                        + String.join(", ", node.propertyNames().stream().filter(k -> !k.equals(combinators.get(0)))
                        .toList()) + ") into conditions inside it");
                return null;
            }
            String op = combinators.get(0);
            JsonNode inner = node.get(op);
            if (op.equals("not")) {
                Condition c = condition(inner, child(path, "not"), depth + 1);
                return c == null ? null : new Condition.Not(c);
            }
            if (!inner.isArray() || inner.isEmpty()) {
                add(child(path, op), "expected a non-empty list of conditions");
                return null;
            }
            List<Condition> list = new ArrayList<>();
            for (int i = 0; i < inner.size(); i++) {
                Condition c = condition(inner.get(i), child(path, op) + "[" + i + "]", depth + 1);
                if (c != null) {
                    list.add(c);
                }
            }
            if (list.size() != inner.size()) {
                return null;
            }
            return op.equals("and") ? new Condition.And(list) : new Condition.Or(list);
        }
        List<String> allowed = new ArrayList<>(List.of("variable", "and", "or", "not"));
        for (Condition.Operator o : Condition.Operator.values()) {
            allowed.add(o.jsonName());
        }
        fields(node, path, allowed);
        List<Condition.Operator> operators = node.propertyNames().stream()
                .map(k -> Condition.Operator.fromJsonName(k).orElse(null)).filter(o -> o != null).toList();
        JsonNode variableNode = node.get("variable");
        Selector variable = null;
        if (variableNode == null) {
            add(child(path, "variable"), "missing; write the selector of the value tested, e.g. variable: $.total");
        } else {
            variable = selector(node, "variable", path);
        }
        if (operators.isEmpty()) {
            add(path, "no operator; write one of " + String.join(", ", allowed.subList(4, allowed.size()))
                    + ", or combine conditions with and, or, not");
            return null;
        }
        if (operators.size() > 1) {
            add(path, operators.size() + " operators (" + String.join(", ", operators.stream()
                    .map(Condition.Operator::jsonName).toList()) + "); a condition holds exactly one: combine "
                    + "several with and: [...]");
            return null;
        }
        Condition.Operator operator = operators.get(0);
        String opPath = child(path, operator.jsonName());
        JsonNode value = node.get(operator.jsonName());
        Object operand = switch (operator.operand()) {
            case STRING -> {
                if (!value.isString()) {
                    add(opPath, "expected a string, got " + Selector.kind(value) + " (in YAML, quote it: \""
                            + value.asString() + "\")");
                    yield null;
                }
                if (operator == Condition.Operator.STRING_MATCHES) {
                    try {
                        Globs.check(value.stringValue());
                    } catch (IllegalArgumentException e) {
                        add(opPath, e.getMessage());
                        yield null;
                    }
                }
                yield value.stringValue();
            }
            case NUMBER -> {
                if (!value.isNumber()) {
                    add(opPath, "expected a number, got " + Selector.kind(value) + " (write it unquoted: "
                            + operator.jsonName() + ": 100)");
                    yield null;
                }
                yield value.decimalValue();
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    add(opPath, "expected true or false, got " + Selector.kind(value));
                    yield null;
                }
                yield value.booleanValue();
            }
        };
        if (variable == null || operand == null) {
            return null;
        }
        return new Condition.Comparison(variable, operator, operand);
    }

    // ---- values ------------------------------------------------------------------------------------------------

    /** Reports every field of {@code node} not in {@code allowed}, naming the allowed ones. */
    private void fields(JsonNode node, String path, List<String> allowed, String... reportedElsewhere) {
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name) && !List.of(reportedElsewhere).contains(name)) {
                String hint = (name.equals("next") || name.equals("end")) && allowed.contains("choices")
                        ? "; a choice state goes on through its choices and default: write the state as default"
                        : (name.equals("next") || name.equals("end")) && allowed.size() <= 3
                        ? "; a succeed or fail state ends its scope by itself: remove it" : "";
                add(child(path, name), "unknown field" + suggest(name, allowed) + hint + "; allowed here: "
                        + String.join(", ", allowed));
            }
        }
    }

    private String string(JsonNode node, String field, String path, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || (value.isNull() && !required)) {
            if (required) {
                add(child(path, field), "missing");
            }
            return null;
        }
        if (!value.isString()) {
            add(child(path, field), "expected a string, got " + Selector.kind(value));
            return null;
        }
        return value.stringValue();
    }

    private JsonNode array(JsonNode node, String field, String path, boolean required) {
        JsonNode value = node.get(field);
        if (value == null) {
            if (required) {
                add(child(path, field), "missing; write a non-empty list");
            }
            return null;
        }
        if (!value.isArray()) {
            add(child(path, field), "expected a list, got " + Selector.kind(value));
            return null;
        }
        if (value.isEmpty()) {
            add(child(path, field), "empty; write at least one entry" + (required ? "" : ", or leave it out"));
            return null;
        }
        return value;
    }

    private Selector selector(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null) {
            return Selector.ROOT;
        }
        if (!value.isString()) {
            add(child(path, field), "expected a selector string such as $ or $.a.b, got " + Selector.kind(value));
            return Selector.ROOT;
        }
        try {
            return Selector.parse(value.stringValue());
        } catch (IllegalArgumentException e) {
            add(child(path, field), e.getMessage());
            return Selector.ROOT;
        }
    }

    private ResultPath resultPath(JsonNode node, String path) {
        JsonNode value = node.get("resultPath");
        if (value == null) {
            return ResultPath.ROOT;
        }
        if (value.isNull()) {
            return ResultPath.DISCARD;
        }
        if (!value.isString()) {
            add(child(path, "resultPath"), "expected a path such as $.result, or null to discard the result; got "
                    + Selector.kind(value));
            return ResultPath.ROOT;
        }
        try {
            return ResultPath.parse(value.stringValue());
        } catch (IllegalArgumentException e) {
            add(child(path, "resultPath"), e.getMessage());
            return ResultPath.ROOT;
        }
    }

    private Duration duration(JsonNode node, String field, String path, Duration min, Duration max) {
        JsonNode value = node.get(field);
        if (value == null) {
            return null;
        }
        String at = child(path, field);
        if (!value.isString()) {
            add(at, "expected a duration string, " + Durations.EXAMPLES + "; got " + Selector.kind(value)
                    + (value.isNumber() ? " (write the unit: " + value.asString() + "s)" : ""));
            return null;
        }
        Duration d;
        try {
            d = Durations.parse(value.stringValue());
        } catch (IllegalArgumentException e) {
            add(at, e.getMessage());
            return null;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            add(at, Durations.format(d) + " is out of range; write " + (min.isZero() ? "0s" : "at least "
                    + Durations.format(min)) + " to " + Durations.format(max));
            return null;
        }
        return d;
    }

    private double number(JsonNode node, String field, String path, double min, double max, double fallback) {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        String at = child(path, field);
        if (!value.isNumber()) {
            add(at, "expected a number from " + plain(min) + " to " + plain(max) + ", got " + Selector.kind(value));
            return fallback;
        }
        double d = value.doubleValue();
        if (!(d >= min && d <= max)) {
            add(at, plain(d) + " is out of range; write a number from " + plain(min) + " to " + plain(max));
            return fallback;
        }
        return d;
    }

    private Integer integer(JsonNode value, String at, int min, int max) {
        if (!value.isNumber() || !value.isIntegralNumber()) {
            add(at, "expected a whole number from " + min + " to " + max + ", got " + (value.isNumber()
                    ? value.asString() : Selector.kind(value)));
            return null;
        }
        BigDecimal d = value.decimalValue();
        if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
            add(at, d.toPlainString() + " is out of range; write a whole number from " + min + " to " + max);
            return null;
        }
        return d.intValueExact();
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    static String child(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static List<String> names(Enum<?>[] values) {
        List<String> out = new ArrayList<>();
        for (Enum<?> v : values) {
            out.add(v instanceof StateType t ? t.jsonName() : ((ErrorCategory) v).jsonName());
        }
        return out;
    }

    /** {@code " (did you mean 'x'?)"} for the closest of {@code candidates} within two edits, else empty. */
    static String suggest(String written, Collection<String> candidates) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : candidates) {
            String w = written.toLowerCase(Locale.ROOT);
            String c = candidate.toLowerCase(Locale.ROOT);
            int d = w.length() >= 3 && c.startsWith(w) ? 1 : distance(w, c);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best == null || written.length() > 200 ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2 || a.length() > 200) {
            return 3;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
