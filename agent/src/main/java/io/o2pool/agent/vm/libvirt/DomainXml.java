package io.o2pool.agent.vm.libvirt;

import io.o2pool.agent.vm.VmSpec;
import java.nio.file.Path;

/**
 * The libvirt domain XML of a {@link VmSpec}, the same on every server (all paths on the shared repository): QEMU TCG
 * ({@code type='qemu'}, no /dev/kvm needed), a raw virtio disk with {@code cache='none'} (coherent across hosts on
 * OCFS2, and what libvirt wants for a live migration), the serial console appended to a log file (the source's and the
 * destination's QEMU write one continuous file), a virtio-serial channel {@code org.o2pool.tick}, no NIC, USB, video
 * or balloon. The tiny guest boots its kernel directly; another image boots from its disk. Pure.
 */
public final class DomainXml {
    private DomainXml() {
    }

    public static String of(VmSpec spec) {
        var d = spec.definition().withDefaults();
        StringBuilder x = new StringBuilder();
        x.append("<domain type='qemu'>\n");
        x.append("  <name>").append(escape(d.name())).append("</name>\n");
        x.append("  <uuid>").append(d.uuid()).append("</uuid>\n");
        x.append("  <description>o2pool VM ").append(escape(d.name())).append(d.ha() ? " (HA)" : "")
                .append("</description>\n");
        x.append("  <memory unit='MiB'>").append(d.memoryMib()).append("</memory>\n");
        x.append("  <vcpu>").append(d.vcpus()).append("</vcpu>\n");
        x.append("  <os>\n    <type arch='x86_64' machine='pc'>hvm</type>\n");
        if (spec.kernel() != null) {
            x.append("    <kernel>").append(path(spec.kernel())).append("</kernel>\n");
            x.append("    <initrd>").append(path(spec.initrd())).append("</initrd>\n");
            x.append("    <cmdline>console=ttyS0 quiet panic=-1</cmdline>\n");
        } else {
            x.append("    <boot dev='hd'/>\n");
        }
        x.append("  </os>\n");
        // a smaller TCG translation cache: ~178 MB RSS per tiny guest instead of ~196 MB
        x.append("  <features><acpi/><tcg><tb-cache unit='MiB'>32</tb-cache></tcg></features>\n");
        x.append("  <on_poweroff>destroy</on_poweroff>\n  <on_reboot>restart</on_reboot>\n");
        x.append("  <on_crash>destroy</on_crash>\n");
        x.append("  <devices>\n");
        x.append("    <disk type='file' device='disk'>\n");
        x.append("      <driver name='qemu' type='").append(format(spec.disk())).append("' cache='none'/>\n");
        x.append("      <source file='").append(path(spec.disk())).append("'/>\n");
        x.append("      <target dev='vda' bus='virtio'/>\n    </disk>\n");
        x.append("    <serial type='file'>\n");
        x.append("      <source path='").append(path(spec.console())).append("' append='on'/>\n");
        x.append("      <target port='0'/>\n    </serial>\n");
        x.append("    <channel type='unix'>\n      <target type='virtio' name='org.o2pool.tick'/>\n    </channel>\n");
        x.append("    <controller type='usb' model='none'/>\n    <video><model type='none'/></video>\n");
        x.append("    <memballoon model='none'/>\n");
        x.append("  </devices>\n</domain>\n");
        return x.toString();
    }

    private static String format(Path disk) {
        return disk.getFileName().toString().endsWith(".qcow2") ? "qcow2" : "raw";
    }

    private static String path(Path p) {
        return escape(p.toAbsolutePath().toString());
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }
}
