package org.amana.gateway;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Another JVM's heap as that JVM itself measures it: its own {@link MemoryPoolMXBean}s, read over
 * a local JMX connection opened with the attach API (as {@code jcmd ManagementAgent.start_local}
 * would). The peaks are the JVM's, kept by the JVM between two reads, so no sampling misses one,
 * and every collection reports what it left; the process under measurement runs no benchmark code.
 */
final class RemoteHeap implements AutoCloseable {
  private final JMXConnector connector;
  private final List<MemoryPoolMXBean> pools;
  private final MemoryMXBean memory;
  private final Set<String> heapPools;
  private final AtomicLong peakAfterGc = new AtomicLong();

  RemoteHeap(long pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    String address;
    try {
      address = vm.startLocalManagementAgent(); // loopback-only, for this user
    } finally {
      vm.detach();
    }
    connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
    MBeanServerConnection jvm = connector.getMBeanServerConnection();
    pools = ManagementFactory.getPlatformMXBeans(jvm, MemoryPoolMXBean.class).stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    memory = ManagementFactory.getPlatformMXBean(jvm, MemoryMXBean.class);
    heapPools = pools.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    // Every collection reports the heap it left behind: the gateway's need, without its garbage.
    for (ObjectName gc : jvm.queryNames(new ObjectName(ManagementFactory.GARBAGE_COLLECTOR_MXBEAN_DOMAIN_TYPE + ",*"), null)) {
      jvm.addNotificationListener(gc, this::collected, null, null);
    }
  }

  private void collected(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
    var after = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo().getMemoryUsageAfterGc();
    long used = after.entrySet().stream().filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
    peakAfterGc.accumulateAndGet(used, Math::max);
  }

  void resetPeaks() {
    pools.forEach(MemoryPoolMXBean::resetPeakUsage);
    peakAfterGc.set(0);
  }

  /** The most heap any collection since the last reset left in use (0 if none ran). */
  long peakAfterGc() {
    return peakAfterGc.get();
  }

  /**
   * The sum of every heap pool's peak since the last reset (the same measure as {@code ops/bench
   * seal}): an upper bound, since young and old generation need not peak at the same moment.
   */
  long peak() {
    return pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  /** The old generation's peak: what outlived young collections, close to the live data. */
  long oldPeak() {
    return pools.stream().filter(p -> p.getName().contains("Old")).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  /** The most the heap may grow to (-Xmx). */
  long max() {
    return memory.getHeapMemoryUsage().getMax();
  }

  @Override
  public void close() throws IOException {
    connector.close();
  }
}
