#!/bin/sh
# /init (PID 1) of the o2pool KVM test guest: no systemd, no udev. Brings up the box from the kernel command line,
# prints O2POOL-GUEST-READY on the serial console, then serves the host's commands on the virtio-serial port "ctl".
#   o2.name=NAME        host name = OCFS2 node name
#   o2.ip=A.B.C.D/NN    address on the cluster link (the NIC with MAC 52:54:00:77:..)
#   o2.mgmt=A.B.C.D/NN  address on the management NIC (MAC 52:54:00:99:..), the user-mode network whose only way in
#                       is the host's 127.0.0.1 forward to the agent port; it has no route anywhere
# Control protocol (one line each way; see ControlFrames.java on the host):
#   host:  REQ <id> <timeout seconds> <base64 of a sh script>
#   guest: RES <id> <exit code> <base64 of its stdout+stderr>
export PATH=/opt/o2pool/bin:/usr/sbin:/usr/bin:/sbin:/bin
export LC_ALL=C
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /run /tmp /dlm /var/log /var/ovs/mount
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug      # o2hb/livenodes: the kernel heartbeat's live nodes
ln -sf /proc/self/mounts /etc/mtab
for m in virtio_pci virtio_blk virtio_net virtio_console configfs; do
    modprobe "$m" || echo "O2POOL-GUEST: modprobe $m failed"
done

NAME=guest; IP=; MGMT=
for arg in $(cat /proc/cmdline); do
    case "$arg" in
        o2.name=*) NAME=${arg#o2.name=} ;;
        o2.ip=*)   IP=${arg#o2.ip=} ;;
        o2.mgmt=*) MGMT=${arg#o2.mgmt=} ;;
    esac
done
hostname "$NAME"
echo "$NAME" > /etc/hostname
# the correct mapping (o2cb binds to the address the node's name resolves to); tests may break it on purpose
printf '127.0.0.1\tlocalhost\n%s\t%s\n' "${IP%/*}" "$NAME" > /etc/hosts
ip link set lo up

nic_by_mac() {   # nic_by_mac PREFIX -> interface name whose MAC starts with PREFIX
    for d in /sys/class/net/*; do
        case "$(cat "$d/address" 2>/dev/null)" in "$1"*) echo "${d##*/}"; return 0 ;; esac
    done
    return 1
}
i=0; while [ $i -lt 50 ]; do
    nic_by_mac 52:54:00:77 >/dev/null && { [ -z "$MGMT" ] || nic_by_mac 52:54:00:99 >/dev/null; } && break
    sleep 0.1; i=$((i + 1))
done
if [ -n "$IP" ] && CLU=$(nic_by_mac 52:54:00:77); then
    ip link set "$CLU" name clu0 && CLU=clu0
    ip addr add "$IP" dev "$CLU" && ip link set "$CLU" up
fi
if [ -n "$MGMT" ] && MG=$(nic_by_mac 52:54:00:99); then
    ip link set "$MG" name mgmt0 && MG=mgmt0
    ip addr add "$MGMT" dev "$MG" && ip link set "$MG" up
fi
i=0; while [ ! -b /dev/vda ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

ctl_port() {
    for d in /sys/class/virtio-ports/*; do
        [ "$(cat "$d/name" 2>/dev/null)" = ctl ] && { echo "/dev/${d##*/}"; return 0; }
    done
    return 1
}
PORT=
i=0; while [ -z "$PORT" ] && [ $i -lt 50 ]; do PORT=$(ctl_port) || sleep 0.1; i=$((i + 1)); done
echo "O2POOL-GUEST-READY name=$NAME ip=$IP mgmt=$MGMT ctl=$PORT uptime=$(cut -d' ' -f1 /proc/uptime)s"
[ -n "$PORT" ] || { echo "O2POOL-GUEST: no ctl port"; while true; do sleep 3600; done; }

serve() {
    # The port is opened once and kept: the guest kernel drops unread port data when it is closed. EOF means no host
    # is connected right now; poll again.
    exec 3<>"$PORT" || exit 1
    mkdir -p /run/ctl
    while true; do
        while IFS=' ' read -r kind id limit payload <&3; do
            [ "$kind" = REQ ] || continue
            if ! printf '%s' "$payload" | base64 -d > /run/ctl/cmd.sh 2>/dev/null; then
                printf 'RES %s 126 \n' "$id" >&3
                continue
            fi
            # 3>&- : daemons a command starts (o2hbmonitor, the agent) must not hold the port
            timeout -k 5 "$limit" sh /run/ctl/cmd.sh > /run/ctl/out 2>&1 < /dev/null 3>&-
            rc=$?
            printf 'RES %s %d ' "$id" "$rc" >&3
            base64 -w0 < /run/ctl/out >&3
            printf '\n' >&3
        done
        sleep 0.2
    done
}
while true; do
    ( serve ) || sleep 0.5
done
