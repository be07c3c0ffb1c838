package io.footfall.cli;

import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.config.Setting;
import java.util.ArrayList;
import java.util.List;

/**
 * Every setting of every Footfall service ({@link PipelineService}) and of the broker and registry commands
 * ({@link StackSettings}), so one config file can serve them all.
 */
final class AllSettings {

    private AllSettings() {}

    static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>(CoreSettings.all());
        for (PipelineService service : PipelineService.values()) {
            all.addAll(service.settings());
        }
        all.addAll(StackSettings.all());
        return List.copyOf(all);
    }
}
