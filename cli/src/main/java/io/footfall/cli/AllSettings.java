package io.footfall.cli;

import io.footfall.detector.DetectorSettings;
import io.footfall.embedder.EmbedderSettings;
import io.footfall.ingest.IngestSettings;
import io.footfall.matcher.MatcherSettings;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.config.Setting;
import java.util.ArrayList;
import java.util.List;

/** Every setting of every Footfall service, so one config file can serve them all. */
final class AllSettings {

    private AllSettings() {}

    static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>(CoreSettings.all());
        all.addAll(IngestSettings.all());
        all.addAll(DetectorSettings.all());
        all.addAll(EmbedderSettings.all());
        all.addAll(MatcherSettings.all());
        return List.copyOf(all);
    }
}
