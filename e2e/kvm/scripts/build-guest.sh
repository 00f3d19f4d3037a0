#!/bin/bash
# Builds (and caches) the o2pool KVM test guest: the Debian kernel plus an initramfs made of two cpio layers that the
# kernel unpacks one after the other:
#   base  Debian bookworm minbase + ocfs2-tools and the kernel modules an OCFS2 node needs; slow to build (kernel
#         download, debootstrap), cached by the suite, the package list and the kernel package;
#   app   the o2pool-agent Debian package installed with dpkg -i into the base root (as on a host: its own jlinked
#         runtime, /usr/sbin/o2pool-agent, the unit, /etc/o2pool/agent.conf), this guest's settings in the package's
#         conffiles, /init and the guest helper scripts: the files the installation added or changed, as a cpio layer;
#         rebuilt whenever the package or a script changes (cached by the package's md5sums and the scripts' hashes).
# usage: build-guest.sh --jdk DIR --agent-deb FILE [--work DIR]   (--jdk: only to check the AOT option of Java 25)
# Prints KERNEL=path and INITRD=path as its last two lines. Needs root and the Debian mirror for the first build.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${O2POOL_KVM_WORK:-/var/tmp/o2pool-kvm}
JDK=${JAVA_HOME:-}
AGENT_DEB=
while [ $# -gt 0 ]; do
    case "$1" in
        --jdk) JDK=$2; shift 2 ;;
        --agent-deb) AGENT_DEB=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        *) echo "build-guest.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
[ -x "$JDK/bin/jlink" ] || { echo "build-guest.sh: --jdk $JDK has no bin/jlink" >&2; exit 2; }
[ -f "$AGENT_DEB" ] && dpkg-deb -f "$AGENT_DEB" Package 2>/dev/null | grep -qx o2pool-agent \
    || { echo "build-guest.sh: --agent-deb $AGENT_DEB is no o2pool-agent package (run ./mvnw package first)" >&2; exit 2; }
AGENT_DEB=$(cd "$(dirname "$AGENT_DEB")" && pwd)/$(basename "$AGENT_DEB")
MIRROR=${O2POOL_KVM_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
# nftables: PartitionKvmIT cuts o2net between groups of guests with nft rules inside them; dmsetup and dm_mod: SCENARIO
# fence stalls one guest's heartbeat I/O by suspending a dm-linear mapping over the shared disk; netconsole: the agent
# points each kernel node's console at its peers' agents (fence forensics)
PACKAGES=ocfs2-tools,iproute2,kmod,util-linux,procps,iputils-ping,nftables,dmsetup
MODULES="virtio_pci virtio_blk virtio_net virtio_console configfs ocfs2 ocfs2_stack_o2cb ocfs2_dlmfs ocfs2_dlm
         ocfs2_nodemanager ocfs2_stackglue crc32c_generic nf_tables dm_mod netconsole"
BASE_LAYOUT=1        # bump when the base layer's assembly below changes
t0=$(date +%s%N)
say() { local ms=$(( ($(date +%s%N) - t0) / 1000000 )); printf '[build-guest %d.%ds] %s\n' $((ms / 1000)) $((ms % 1000 / 100)) "$*" >&2; }
mkdir -p "$WORK"
exec 9>"$WORK/.build.lock"
flock 9    # one build at a time per work directory

"$HERE/install-host-packages.sh" >&2

# ---- base layer ----------------------------------------------------------------------------------------------------
KPKG=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
[ -n "$KPKG" ] || { echo "build-guest.sh: apt-cache knows no linux-image-amd64 (apt-get update?)" >&2; exit 1; }
DEB_KEY=$(printf '%s\n' "$SUITE" "$PACKAGES" "$KPKG" | sha256sum | cut -c1-16)
BASE_KEY=$(printf '%s\n' "$DEB_KEY" "$MODULES" "$BASE_LAYOUT" | sha256sum | cut -c1-16)
BASE="$WORK/base-$BASE_KEY"
DEB="$WORK/debian-$DEB_KEY"      # the kernel package and the debootstrap tree (kept: the AOT training chroots into it)
if [ ! -f "$BASE/.done" ]; then
    mkdir -p "$DEB/cache"
    deb=$(ls "$DEB"/cache/"$KPKG"_*.deb 2>/dev/null | head -1 || true)
    if [ -z "$deb" ]; then
        (cd "$DEB/cache" && apt-get download "$KPKG" 2>&1 | grep -v 'unsandboxed' >&2 || true)
        deb=$(ls "$DEB"/cache/"$KPKG"_*.deb | head -1)
        say "downloaded $(basename "$deb")"
    fi
    if [ ! -f "$DEB/rootfs/.done" ]; then
        rm -rf "$DEB/rootfs"
        debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$DEB/rootfs" "$MIRROR" \
            > "$DEB/debootstrap.log" 2>&1 || { tail -20 "$DEB/debootstrap.log" >&2; exit 1; }
        rm -rf "$DEB"/rootfs/usr/share/{doc,man,info,locale}/* "$DEB"/rootfs/var/cache/apt/* \
               "$DEB"/rootfs/var/lib/apt/lists/* "$DEB"/rootfs/var/log/*
        touch "$DEB/rootfs/.done"
        say "debootstrap $SUITE with $PACKAGES done"
    fi
    tmp="$WORK/tmp-base.$$"
    rm -rf "$tmp"; mkdir -p "$tmp/kernel" "$tmp/out"
    trap 'rm -rf "$tmp"' EXIT
    dpkg-deb -x "$deb" "$tmp/kernel"
    KVER=$(ls "$tmp/kernel/lib/modules" | head -1)
    depmod -b "$tmp/kernel" "$KVER"     # the package ships no modules.dep (its postinst makes it)
    cp "$tmp/kernel/boot/vmlinuz-$KVER" "$tmp/out/vmlinuz"
    ST="$tmp/root"
    cp -a "$DEB/rootfs" "$ST"; rm -f "$ST/.done"
    for m in $MODULES; do
        modprobe -d "$tmp/kernel" -S "$KVER" --show-depends "$m" | awk '$1=="insmod"{print $2}'
    done | sort -u | while read -r f; do
        rel=${f#"$tmp/kernel"}
        mkdir -p "$ST$(dirname "$rel")"; cp "$f" "$ST$rel"
    done
    cp "$tmp"/kernel/lib/modules/"$KVER"/modules.{order,builtin,builtin.modinfo} "$ST/lib/modules/$KVER/"
    depmod -b "$ST" "$KVER"
    mkdir -p "$ST/etc/ocfs2" "$ST/var/ovs/mount" "$ST/dlm"
    (cd "$ST" && find . -print0 | cpio --null -o -H newc --quiet) > "$tmp/out/base.cpio"
    echo "$KVER" > "$tmp/out/kernel-version"
    rm -rf "$BASE"; mv "$tmp/out" "$BASE"; rm -rf "$tmp"; trap - EXIT
    touch "$BASE/.done"
    say "base layer $BASE_KEY: kernel $KVER, $(du -h "$BASE/base.cpio" | cut -f1) cpio"
    # keep the newest three base layers (other checkouts may build with other package lists; a base takes minutes)
    ls -dt "$WORK"/base-* | tail -n +4 | xargs -r rm -rf
else
    say "base layer $BASE_KEY cached (kernel $(cat "$BASE/kernel-version"))"
fi

# The agent's JVM options in the guest, set as an admin would in /etc/default/o2pool-agent (O2POOL_JAVA_OPTS): C1
# only and the serial GC (under TCG every compiled byte is emulated; the agent serves a handful of requests), and the
# AOT cache trained below (valid only with these options and the package's class path).
GUEST_JAVA_OPTS="-Xmx200m -Xss512k -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:CICompilerCount=1"
AOT=/var/cache/o2pool-agent/agent.aot

# Trains an AOT cache (JDK 24+: classes loaded and linked ahead of time) for the installed agent: runs it once in the
# chroot of the guest's root (the packaged launcher and runtime, so paths and jars are the guest's), asks it a few
# questions over HTTPS and stops it; the JVM writes the cache at exit. Under TCG this cuts the agent's start-up by a
# large factor.
train_aot_cache() {
    local ch=$1 rc=0
    # (never point AOTCacheOutput at an existing file to probe it: the JVM replaces the file)
    "$JDK/bin/java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -qw AOTCacheOutput || return 1
    mkdir -p "$ch/tmp/train" "$ch$(dirname "$AOT")"; printf 'training-password\n' > "$ch/tmp/train/password"
    unshare --mount --propagation private -- sh -c '
        ch=$1 opts=$2
        mount -t proc proc "$ch/proc" || exit 1
        chroot "$ch" env O2POOL_JAVA_OPTS="$opts" /usr/sbin/o2pool-agent --stack userspace --vm-driver process \
            --listen 127.0.0.1:0 --state-dir /tmp/train/state --password-file /tmp/train/password \
            --password-iterations 1000 > "$ch/tmp/train/out" 2>&1 &
        pid=$!
        i=0; while [ ! -s "$ch/tmp/train/state/agent.url" ] && kill -0 $pid 2>/dev/null && [ $i -lt 300 ]; do
            sleep 0.1; i=$((i + 1)); done
        url=$(cat "$ch/tmp/train/state/agent.url" 2>/dev/null)
        if [ -n "$url" ]; then
            curl -skf "$url/health" >/dev/null
            for p in /v1/facts /v1/cluster /v1/config /v1/repositories /v1/vms; do
                curl -skf -u o2pool:training-password "$url$p" >/dev/null
            done
            curl -sk -u o2pool:training-password -H "Content-Type: application/json" -d "{\"type\":\"ocfs2\",\"path\":\"/dev/null\"}" "$url/v1/repository/inspect" >/dev/null
        fi
        kill -TERM $pid 2>/dev/null; wait $pid
        exit 0' sh "$ch" "$GUEST_JAVA_OPTS -XX:AOTCacheOutput=$AOT" || rc=1
    if [ $rc = 0 ] && [ -s "$ch$AOT" ]; then
        say "AOT cache trained: $(du -h "$ch$AOT" | cut -f1)"
    else
        tail -20 "$ch/tmp/train/out" >&2 || true
        rc=1
    fi
    rm -rf "$ch/tmp/train"
    return $rc
}

# ---- app layer -----------------------------------------------------------------------------------------------------
# The key hashes what the package holds (its control file and md5sums: every build re-stamps the files' times), the
# JDK (for the AOT check) and the scripts.
JDK_RELEASE=$(grep -E '^(JAVA_VERSION|IMPLEMENTOR)=' "$JDK/release" | tr '\n' ' ')
APP_KEY=$( { echo "$JDK_RELEASE"; dpkg-deb -I "$AGENT_DEB" control md5sums; sha256sum "$HERE"/guest/* "$HERE/build-guest.sh";
    echo "aot=${O2POOL_KVM_AOT:-1}"; } | sha256sum | cut -c1-16)
APP="$WORK/app-$APP_KEY"
if [ ! -f "$APP/.done" ]; then
    tmp="$WORK/tmp-app.$$"
    ch="$tmp/chroot"
    rm -rf "$tmp"; mkdir -p "$tmp/out" "$tmp/layer"
    trap 'rm -rf "$tmp"' EXIT
    cp -a "$DEB/rootfs" "$ch"; rm -f "$ch/.done"
    for d in null:1:3 zero:1:5 random:1:8 urandom:1:9; do
        IFS=: read -r n ma mi <<< "$d"; rm -f "$ch/dev/$n"; mknod -m 666 "$ch/dev/$n" c "$ma" "$mi"
    done
    # what the installation adds or changes: everything whose inode changed after this mark (dpkg keeps the packaged
    # files' mtimes, but every file it writes gets a new ctime)
    sleep 1; touch "$tmp/mark"; sleep 1
    cp "$AGENT_DEB" "$ch/tmp/o2pool-agent.deb"
    unshare --mount --propagation private -- sh -c 'mount -t proc proc "$1/proc" && chroot "$1" dpkg -i /tmp/o2pool-agent.deb' \
        sh "$ch" > "$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log" >&2; exit 1; }
    rm -f "$ch/tmp/o2pool-agent.deb"
    say "dpkg -i $(basename "$AGENT_DEB"): $(grep -c '' "$tmp/dpkg.log") lines of output"
    # this guest's settings, in the package's own files as an admin would set them: the kernel stack, stand-in VMs
    # (processes), a fast password hash; the password itself is written by each test before it starts the agent
    printf '\n# e2e/kvm guest\nstack = kernel\nvm-driver = process\npassword-iterations = 1000\n' >> "$ch/etc/o2pool/agent.conf"
    sed -i 's/^stack = auto$/#stack = auto/; s/^vm-driver = auto$/#vm-driver = auto/' "$ch/etc/o2pool/agent.conf"
    opts=$GUEST_JAVA_OPTS
    if [ "${O2POOL_KVM_AOT:-1}" = 1 ]; then
        if train_aot_cache "$ch"; then
            opts="$opts -XX:AOTCache=$AOT"
            # the AOT cache holds the JDK's classes too; the default CDS archive would only take guest RAM
            rm -f "$ch/usr/lib/o2pool-agent/java/lib/server/classes.jsa"
        else
            say "AOT cache not trained; the guest's agent starts without it (slower)"
        fi
    fi
    printf '# e2e/kvm guest: the JVM options of the agent under TCG\nO2POOL_JAVA_OPTS="%s"\n' "$opts" >> "$ch/etc/default/o2pool-agent"
    rm -f "$ch/etc/o2pool/agent-password"   # the tests write theirs
    install -m 0755 "$HERE/guest/init.sh" "$ch/init"
    mkdir -p "$ch/opt/o2pool/bin"
    for f in "$HERE"/guest/*; do
        case "$(basename "$f")" in init.sh) ;; *) install -m 0755 "$f" "$ch/opt/o2pool/bin/$(basename "$f" .sh)" ;; esac
    done
    (cd "$ch" && find . -cnewer "$tmp/mark" ! -path './proc/*' ! -path './dev/*' ! -path './tmp/*' ! -path . -print0 \
        | cpio --null -o -H newc --quiet) > "$tmp/out/app.cpio"
    dpkg-deb -f "$AGENT_DEB" Version > "$tmp/out/agent-version"
    rm -rf "$APP"; mv "$tmp/out" "$APP"; rm -rf "$tmp"; trap - EXIT
    touch "$APP/.done"
    say "app layer $APP_KEY: o2pool-agent $(cat "$APP/agent-version") installed by dpkg -i; $(du -h "$APP/app.cpio" | cut -f1) cpio"
    # keep the newest two app layers (another checkout may use another package)
    ls -dt "$WORK"/app-* | tail -n +3 | xargs -r rm -rf
else
    say "app layer $APP_KEY cached"
fi

# ---- the initramfs: both layers concatenated (the kernel unpacks each cpio archive in turn) -------------------------
INITRD="$WORK/initrd-$BASE_KEY-$APP_KEY.img"
if [ ! -f "$INITRD" ]; then
    cat "$BASE/base.cpio" "$APP/app.cpio" > "$INITRD.tmp.$$" && mv "$INITRD.tmp.$$" "$INITRD"
    ls -t "$WORK"/initrd-*.img | tail -n +3 | xargs -r rm -f
fi
say "initramfs $(du -h "$INITRD" | cut -f1)"
echo "KERNEL=$BASE/vmlinuz"
echo "INITRD=$INITRD"
