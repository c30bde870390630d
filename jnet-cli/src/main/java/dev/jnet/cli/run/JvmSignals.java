package dev.jnet.cli.run;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * Catching a signal with {@code sun.misc.Signal} (module jdk.unsupported, the JDK's supported way to do
 * it). Reached by reflection because javac warns about every compile-time use of {@code sun.misc}, with no
 * option to silence it.
 */
final class JvmSignals {
    private static final Class<?> SIGNAL = load("sun.misc.Signal");
    private static final Class<?> HANDLER = load("sun.misc.SignalHandler");
    private static final Method HANDLE = method();

    private JvmSignals() {}

    /**
     * Runs {@code handler} on each {@code SIGname} from now on; the result puts the previous handler
     * back. Empty when the JVM keeps the signal for itself (as with -Xrs).
     */
    static Optional<Runnable> handle(String name, Runnable handler) {
        try {
            Object signal = SIGNAL.getConstructor(String.class).newInstance(name);
            Object ours = Proxy.newProxyInstance(JvmSignals.class.getClassLoader(), new Class<?>[] {HANDLER},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            handler.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "handler for SIG" + name;
                    });
            Object previous = HANDLE.invoke(null, signal, ours);
            return Optional.of(() -> invoke(signal, previous));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException) {
                return Optional.empty();
            }
            throw new IllegalStateException("cannot catch SIG" + name, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot catch SIG" + name, e);
        }
    }

    private static void invoke(Object signal, Object handler) {
        try {
            HANDLE.invoke(null, signal, handler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot restore the handler of " + signal, e);
        }
    }

    private static Method method() {
        try {
            return SIGNAL.getMethod("handle", SIGNAL, HANDLER);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("sun.misc.Signal.handle is missing from this JDK", e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is missing: this JDK lacks module jdk.unsupported", e);
        }
    }
}
