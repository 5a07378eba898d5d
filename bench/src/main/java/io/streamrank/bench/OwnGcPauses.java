package io.streamrank.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The collections of the bench's own JVM, which also runs the load generator (and the local stack): while one stops
 * it, no request is sent or read, and the open-loop generator charges the wait to the requests due meanwhile. Listens
 * to the collectors' notifications; a concurrent collector's cycles (which do not stop the JVM) are left out.
 */
final class OwnGcPauses implements AutoCloseable {

    private final long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
    private final List<SafepointLog.Stop> pauses = new CopyOnWriteArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::collected;

    private OwnGcPauses() {
    }

    static OwnGcPauses start() {
        OwnGcPauses p = new OwnGcPauses();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter && !gc.getName().contains("Concurrent")) {
                emitter.addNotificationListener(p.listener, null, null);
                p.emitters.add(emitter);
            }
        }
        return p;
    }

    private void collected(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                (CompositeData) n.getUserData());
        GcInfo gc = info.getGcInfo();
        pauses.add(new SafepointLog.Stop(jvmStartMillis + gc.getStartTime(), jvmStartMillis + gc.getEndTime(),
                info.getGcAction() + " (" + info.getGcCause() + ")"));
    }

    /** The pauses that ended in {@code [fromMillis, toMillis]}. */
    List<SafepointLog.Stop> between(long fromMillis, long toMillis) {
        List<SafepointLog.Stop> in = new ArrayList<>();
        for (SafepointLog.Stop p : pauses) {
            if (p.endMillis() >= fromMillis && p.endMillis() <= toMillis) {
                in.add(p);
            }
        }
        return in;
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // Already gone: nothing to undo.
            }
        }
    }
}
