package io.faasfed.gateway.composition;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Writes a definition in the canonical JSON form (see {@link CompositionDefinition#toJson()}). */
final class DefinitionWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DefinitionWriter() {
    }

    static ObjectNode write(CompositionDefinition definition) {
        ObjectNode out = NODES.objectNode();
        out.put("name", definition.name());
        if (definition.description() != null) {
            out.put("description", definition.description());
        }
        if (definition.timeout() != null) {
            out.put("timeout", Durations.format(definition.timeout()));
        }
        out.put("startAt", definition.startAt());
        out.set("states", states(definition.states()));
        return out;
    }

    private static ObjectNode states(Map<String, State> states) {
        ObjectNode out = NODES.objectNode();
        states.forEach((name, state) -> out.set(name, state(state)));
        return out;
    }

    private static ObjectNode branch(Branch branch) {
        ObjectNode out = NODES.objectNode();
        out.put("startAt", branch.startAt());
        out.set("states", states(branch.states()));
        return out;
    }

    private static ObjectNode state(State state) {
        ObjectNode out = NODES.objectNode();
        out.put("type", state.type().jsonName());
        if (state instanceof TaskState task) {
            out.put("function", task.function());
        } else if (state instanceof SequenceState sequence) {
            ArrayNode steps = out.putArray("steps");
            for (SequenceState.Step step : sequence.steps()) {
                ObjectNode s = steps.addObject();
                s.put("function", step.function());
                selector(s, "input", step.input());
                selector(s, "output", step.output());
                if (step.timeout() != null) {
                    s.put("timeout", Durations.format(step.timeout()));
                }
                retry(s, step.retry());
            }
        } else if (state instanceof ParallelState parallel) {
            ArrayNode branches = out.putArray("branches");
            parallel.branches().forEach(b -> branches.add(branch(b)));
        } else if (state instanceof MapState map) {
            out.put("items", map.items().toString());
            if (map.maxConcurrency() != MapState.DEFAULT_MAX_CONCURRENCY) {
                out.put("maxConcurrency", map.maxConcurrency());
            }
            out.set("iterator", branch(map.iterator()));
        } else if (state instanceof ChoiceState choice) {
            ArrayNode choices = out.putArray("choices");
            for (Choice c : choice.choices()) {
                ObjectNode o = choices.addObject();
                o.set("condition", condition(c.condition()));
                o.put("next", c.next());
            }
            if (choice.defaultNext() != null) {
                out.put("default", choice.defaultNext());
            }
        } else if (state instanceof FailState fail) {
            out.put("error", fail.error());
            if (fail.cause() != null) {
                out.put("cause", fail.cause());
            }
        }
        if (state instanceof ActionState action) {
            selector(out, "input", action.input());
            if (action.resultPath().isDiscard()) {
                out.putNull("resultPath");
            } else if (!action.resultPath().equals(ResultPath.ROOT)) {
                out.put("resultPath", action.resultPath().toString());
            }
            selector(out, "output", action.output());
            if (action.timeout() != null) {
                out.put("timeout", Durations.format(action.timeout()));
            }
            retry(out, action.retry());
            if (!action.catchers().isEmpty()) {
                ArrayNode catchers = out.putArray("catch");
                for (Catcher catcher : action.catchers()) {
                    ObjectNode c = catchers.addObject();
                    errors(c, catcher.errors());
                    c.put("next", catcher.next());
                    if (catcher.resultPath().isDiscard()) {
                        c.putNull("resultPath");
                    } else if (!catcher.resultPath().equals(ResultPath.ROOT)) {
                        c.put("resultPath", catcher.resultPath().toString());
                    }
                }
            }
            if (action.next() != null) {
                out.put("next", action.next());
            } else {
                out.put("end", true);
            }
        }
        return out;
    }

    private static void selector(ObjectNode out, String field, Selector selector) {
        if (!selector.isRoot()) {
            out.put(field, selector.toString());
        }
    }

    private static void retry(ObjectNode out, List<Retrier> retry) {
        if (retry.isEmpty()) {
            return;
        }
        ArrayNode entries = out.putArray("retry");
        for (Retrier r : retry) {
            ObjectNode e = entries.addObject();
            errors(e, r.errors());
            e.put("interval", Durations.format(r.interval()));
            e.put("backoffRate", r.backoffRate());
            e.put("maxAttempts", r.maxAttempts());
            e.put("jitter", r.jitter());
        }
    }

    private static void errors(ObjectNode out, List<ErrorCategory> errors) {
        ArrayNode array = out.putArray("errors");
        errors.forEach(e -> array.add(e.jsonName()));
    }

    static ObjectNode condition(Condition condition) {
        ObjectNode out = NODES.objectNode();
        if (condition instanceof Condition.And and) {
            ArrayNode all = out.putArray("and");
            and.conditions().forEach(c -> all.add(condition(c)));
        } else if (condition instanceof Condition.Or or) {
            ArrayNode any = out.putArray("or");
            or.conditions().forEach(c -> any.add(condition(c)));
        } else if (condition instanceof Condition.Not not) {
            out.set("not", condition(not.condition()));
        } else if (condition instanceof Condition.Comparison comparison) {
            out.put("variable", comparison.variable().toString());
            Object operand = comparison.operand();
            String op = comparison.operator().jsonName();
            if (operand instanceof String s) {
                out.put(op, s);
            } else if (operand instanceof BigDecimal d) {
                out.put(op, d);
            } else {
                out.put(op, (Boolean) operand);
            }
        }
        return out;
    }
}
