package io.o2pool.agent.http;

/**
 * Small syntactic checks shared by the resources (IPv4 literals, {@code ip:port}, a {@code limit} query parameter);
 * semantic checks live with the services.
 */
final class Validation {
    private Validation() {
    }

    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isEndpoint(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        String port = text.substring(colon + 1);
        return isIpv4(text.substring(0, colon)) && port.matches("\\d{1,5}")
                && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
    }

    /**
     * The {@code limit} query parameter: {@code fallback} when absent, else a number from 1 to {@code max}; anything
     * else is a 400 naming the parameter, the range and the value given.
     */
    static int limit(String raw, int fallback, int max) {
        if (raw == null) {
            return fallback;
        }
        if (raw.matches("\\d{1,3}")) {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        }
        throw new io.o2pool.agent.InvalidInputException("limit", "limit must be a number from 1 to " + max
                + ", not '" + raw + "'");
    }
}
