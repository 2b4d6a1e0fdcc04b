package dev.melody.example.dashboard;

/** The topic naming of this application: one topic per device. */
final class Topics {

    private static final String PREFIX = "device-";

    private Topics() {
    }

    static String of(String deviceId) {
        return PREFIX + deviceId;
    }

    static String deviceIdOf(String topic) {
        return topic.startsWith(PREFIX) ? topic.substring(PREFIX.length()) : null;
    }
}
