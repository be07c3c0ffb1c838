package io.footfall.runtime.config;

/** A configuration problem; the message is one line naming the setting, where it came from and the fix. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
