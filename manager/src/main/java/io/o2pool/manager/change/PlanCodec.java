package io.o2pool.manager.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.manager.agents.ConfigBundle;
import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.agents.RepositorySpec;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.O2cbTimeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Writes a {@link ChangePlan} as JSON (the API's and the job state's form) and reads it back, resolving step ids
 * through the operation's step enum. Steps are written as {@code {"step": id, "description": ..., "servers": [...],
 * "effects": [...]}}.
 */
public final class PlanCodec {
    private final ObjectMapper json;

    public PlanCodec(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode write(ChangePlan plan) {
        ObjectNode out = json.createObjectNode();
        out.put("kind", plan.kind().name());
        out.put("pool", plan.pool());
        out.put("refused", plan.refused());
        out.set("findings", json.valueToTree(plan.findings()));
        out.put("generation", plan.generation());
        out.put("previous_generation", plan.previousGeneration());
        out.set("files", json.valueToTree(plan.files()));
        out.set("previous_files", json.valueToTree(plan.previousFiles()));
        out.set("timeouts", json.valueToTree(plan.timeouts()));
        out.set("previous_timeouts", json.valueToTree(plan.previousTimeouts()));
        out.set("repository", json.valueToTree(plan.repository()));
        ArrayNode steps = out.putArray("steps");
        for (PlannedStep s : plan.steps()) {
            ObjectNode step = steps.addObject();
            step.put("step", s.step().id());
            step.put("description", s.description());
            step.set("servers", json.valueToTree(s.targets()));
            ArrayNode effects = step.putArray("effects");
            for (Effect e : s.effects()) {
                effects.add(json.valueToTree(e)); // Effect's type info adds "effect": name
            }
        }
        out.set("notes", json.valueToTree(plan.notes()));
        return out;
    }

    /** Reads a plan written by {@link #write}; {@code stepOf} maps a step id to the operation's enum constant. */
    public ChangePlan read(JsonNode in, Function<String, ChangeStep> stepOf) {
        try {
            List<PlannedStep> steps = new ArrayList<>();
            for (JsonNode s : in.path("steps")) {
                List<Effect> effects = new ArrayList<>();
                for (JsonNode e : s.path("effects")) {
                    effects.add(json.treeToValue(e, Effect.class));
                }
                steps.add(new PlannedStep(stepOf.apply(s.path("step").asText()), s.path("description").asText(), effects));
            }
            List<Finding> findings = new ArrayList<>();
            for (JsonNode f : in.path("findings")) {
                findings.add(json.treeToValue(f, Finding.class));
            }
            List<String> notes = new ArrayList<>();
            in.path("notes").forEach(n -> notes.add(n.asText()));
            return new ChangePlan(JobKind.valueOf(in.path("kind").asText()), in.path("pool").asText(), findings,
                    in.path("generation").asLong(), value(in, "files", ConfigBundle.class),
                    value(in, "previous_files", ConfigBundle.class), in.path("previous_generation").asLong(),
                    value(in, "timeouts", O2cbTimeouts.class), value(in, "previous_timeouts", O2cbTimeouts.class),
                    value(in, "repository", RepositorySpec.class), steps, notes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable plan: " + e.getOriginalMessage(), e);
        }
    }

    private <T> T value(JsonNode in, String field, Class<T> type) throws JsonProcessingException {
        JsonNode node = in.get(field);
        return node == null || node.isNull() ? null : json.treeToValue(node, type);
    }
}
