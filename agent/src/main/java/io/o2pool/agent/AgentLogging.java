package io.o2pool.agent;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Sends the agent's log to standard error (the journal under systemd) and to {@code STATE/logs/agent.log}, INFO and
 * up, with Jetty and Javalin at WARN. Configured in code so the agent jar carries no logback.xml that would clash
 * with the CLI's.
 */
final class AgentLogging {
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0} - %msg%n";

    private AgentLogging() {
    }

    static Path configure(Path stateDir) {
        Path file = stateDir.resolve("logs").resolve("agent.log");
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return file; // another SLF4J binding is in charge
        }
        context.reset();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setTarget("System.err");
        console.setEncoder(encoder(context));
        console.start();
        root.addAppender(console);
        FileAppender<ILoggingEvent> log = new FileAppender<>();
        log.setContext(context);
        log.setFile(file.toString());
        log.setAppend(true);
        log.setImmediateFlush(true);
        log.setEncoder(encoder(context));
        log.start();
        root.addAppender(log);
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        context.getLogger("io.javalin").setLevel(Level.WARN);
        return file;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }
}
