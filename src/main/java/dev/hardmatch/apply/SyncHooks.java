package dev.hardmatch.apply;

import dev.hardmatch.spec.LinksFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a links file's sync hooks (README "Sync hooks"): each an argv array, started without a shell
 * in the working folder, with hardmatch's environment (plus the given variables), its stdout and
 * stderr shown line by line, indented, on hardmatch's stderr, stopped (with its children) when it
 * outlives the timeout. {@code resume} runs at most once per apply, also from a shutdown hook on
 * Ctrl-C.
 */
final class SyncHooks {
  /** The hooks, in the order apply runs them. */
  enum Hook {
    PAUSE,
    RESUME,
    TRIGGER;

    String yaml() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final LinksFile.SyncHook spec;
  private final Map<String, String> env;
  private final Path workDir;
  private final PrintWriter err;
  private final AtomicBoolean paused = new AtomicBoolean();
  private Thread onShutdown;

  SyncHooks(LinksFile.SyncHook spec, Map<String, String> env, Path workDir, PrintWriter err) {
    this.spec = spec;
    this.env = env;
    this.workDir = workDir;
    this.err = err;
  }

  private List<String> argv(Hook hook) {
    return switch (hook) {
      case PAUSE -> spec.pause();
      case RESUME -> spec.resume();
      case TRIGGER -> spec.trigger();
    };
  }

  /**
   * Runs the pause hook, if any, and arms the resume hook for Ctrl-C. Returns false when it failed:
   * apply must then stop before its first write (resume has run already).
   */
  boolean pause() {
    if (spec.pause().isEmpty()) {
      return true;
    }
    paused.set(true);
    onShutdown = new Thread(this::resumeOnce, "hardmatch-sync-resume");
    Runtime.getRuntime().addShutdownHook(onShutdown);
    if (run(Hook.PAUSE)) {
      return true;
    }
    // It may have paused before it failed: never leave the scheduler paused.
    resume();
    return false;
  }

  /** Runs the resume hook once (after a pause); returns false when it failed. */
  boolean resume() {
    if (onShutdown != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(onShutdown);
      } catch (IllegalStateException e) {
        // Shutting down already: the shutdown hook is running resume.
      }
      onShutdown = null;
    }
    return resumeOnce();
  }

  private boolean resumeOnce() {
    if (spec.resume().isEmpty() || !paused.getAndSet(false)) {
      return true;
    }
    return run(Hook.RESUME);
  }

  /** Runs the trigger hook, if any; returns false when it failed. */
  boolean trigger() {
    return spec.trigger().isEmpty() || run(Hook.TRIGGER);
  }

  boolean has(Hook hook) {
    return !argv(hook).isEmpty();
  }

  /** Runs one hook; true when it exited 0 within the timeout. */
  boolean run(Hook hook) {
    List<String> argv = argv(hook);
    err.println("sync hook " + hook.yaml() + ": " + String.join(" ", argv));
    err.flush();
    ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      err.println(
          "error: sync hook "
              + hook.yaml()
              + " cannot start '"
              + argv.get(0)
              + "': "
              + e.getMessage()
              + " — check sync."
              + hook.yaml()
              + " in the links file (the program must be on PATH or a full path)");
      err.flush();
      return false;
    }
    try { // no input: closed, so a hook never waits for any
      process.getOutputStream().close();
    } catch (IOException e) {
      // Nothing to close.
    }
    Thread pump = new Thread(() -> pump(process), "hardmatch-sync-hook-output");
    pump.setDaemon(true);
    pump.start();
    try {
      if (!process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        pump.join(2_000);
        err.println(
            "error: sync hook "
                + hook.yaml()
                + " did not finish within "
                + DurationParser.format(spec.timeout())
                + " and was stopped — raise sync.timeout or check the command");
        err.flush();
        return false;
      }
      pump.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return false;
    }
    int code = process.exitValue();
    if (code != 0) {
      err.println("error: sync hook " + hook.yaml() + " exited " + code);
    }
    err.flush();
    return code == 0;
  }

  private void pump(Process process) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (err) {
          err.println("    " + line);
          err.flush();
        }
      }
    } catch (IOException e) {
      // The hook closed its output or was stopped.
    }
  }
}
