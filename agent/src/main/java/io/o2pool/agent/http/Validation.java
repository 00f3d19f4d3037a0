package io.o2pool.agent.http;

/** Small syntactic checks shared by the resources (IPv4 literals, {@code ip:port}); semantic checks live with the services. */
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
}
