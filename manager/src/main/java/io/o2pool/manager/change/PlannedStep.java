package io.o2pool.manager.change;

import java.util.List;

/**
 * One step of a plan: its typed name, what it does in words, and its effects in the order they run (consecutive
 * effects of one kind on different servers run at once).
 */
public record PlannedStep(ChangeStep step, String description, List<Effect> effects) {
    public PlannedStep {
        effects = List.copyOf(effects);
    }

    public PlannedStep(ChangeStep step, String description, Effect... effects) {
        this(step, description, List.of(effects));
    }

    /** The servers this step acts on, in order, without repeats ({@value Effect#MANAGER} for the manager's records). */
    public List<String> targets() {
        return effects.stream().map(Effect::target).distinct().toList();
    }
}
