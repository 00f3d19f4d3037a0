#!/bin/bash
# Builds (and caches) the o2pool KVM test guest: the Debian kernel plus an initramfs made of two cpio layers that the
# kernel unpacks one after the other:
#   base  Debian bookworm minbase + ocfs2-tools and the kernel modules an OCFS2 node needs; slow to build (kernel
#         download, debootstrap), cached by the suite, the package list and the kernel package;
#   app   a jlinked Java runtime (only the modules jdeps finds in the agent's classpath), the agent's jars, /init and
#         the guest helper scripts; rebuilt in seconds whenever a jar or a script changes (cached by their hashes).
# usage: build-guest.sh --jdk DIR --agent-lib DIR [--work DIR]
# Prints KERNEL=path and INITRD=path as its last two lines. Needs root and the Debian mirror for the first build.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${O2POOL_KVM_WORK:-/var/tmp/o2pool-kvm}
JDK=${JAVA_HOME:-}
LIB=
while [ $# -gt 0 ]; do
    case "$1" in
        --jdk) JDK=$2; shift 2 ;;
        --agent-lib) LIB=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        *) echo "build-guest.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
[ -x "$JDK/bin/jlink" ] || { echo "build-guest.sh: --jdk $JDK has no bin/jlink" >&2; exit 2; }
[ -d "$LIB" ] && ls "$LIB"/o2pool-agent-*.jar >/dev/null 2>&1 \
    || { echo "build-guest.sh: --agent-lib $LIB holds no o2pool-agent-*.jar (run mvn package first)" >&2; exit 2; }
LIB=$(cd "$LIB" && pwd)
MIRROR=${O2POOL_KVM_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
# nftables: PartitionKvmIT cuts o2net between groups of guests with nft rules inside them
PACKAGES=ocfs2-tools,iproute2,kmod,util-linux,procps,iputils-ping,nftables
MODULES="virtio_pci virtio_blk virtio_net virtio_console configfs ocfs2 ocfs2_stack_o2cb ocfs2_dlmfs ocfs2_dlm
         ocfs2_nodemanager ocfs2_stackglue crc32c_generic nf_tables"
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
    # keep the newest two base layers (another checkout may build with another package list)
    ls -dt "$WORK"/base-* | tail -n +3 | xargs -r rm -rf
else
    say "base layer $BASE_KEY cached (kernel $(cat "$BASE/kernel-version"))"
fi

# Trains an AOT cache (JDK 24+: classes loaded and linked ahead of time) for the agent: runs it once in a chroot of
# the guest's own root (the Debian tree + the app layer, so paths and jars are the guest's), asks it a few questions
# over HTTPS and stops it; the JVM writes the cache at exit. Under TCG this cuts the agent's start-up by a large factor.
train_aot_cache() {
    local tmp=$1 ch="$1/chroot" rc=0
    # (never point AOTCacheOutput at an existing file to probe it: the JVM replaces the file)
    [ -d "$DEB/rootfs" ] && "$JDK/bin/java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -qw AOTCacheOutput || return 1
    rm -rf "$ch"; cp -a "$DEB/rootfs" "$ch"; cp -a "$tmp/root/." "$ch/"
    mkdir -p "$ch/tmp/train"; printf 'training-password\n' > "$ch/tmp/train/password"
    for d in null:1:3 zero:1:5 random:1:8 urandom:1:9; do
        IFS=: read -r n ma mi <<< "$d"; rm -f "$ch/dev/$n"; mknod -m 666 "$ch/dev/$n" c "$ma" "$mi"
    done
    # a private mount namespace: /proc in the chroot disappears with it, whatever happens
    unshare --mount --propagation private -- sh -c '
        ch=$1
        mount -t proc proc "$ch/proc" || exit 1
        chroot "$ch" /opt/o2pool/java/bin/java @/opt/o2pool/agent-jvm.args -XX:AOTCacheOutput=/opt/o2pool/agent.aot \
            io.o2pool.agent.AgentMain --stack userspace --vm-driver process --listen 127.0.0.1:0 \
            --state-dir /tmp/train/state --password-file /tmp/train/password --password-iterations 1000 \
            > "$ch/tmp/train/out" 2>&1 &
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
        exit 0' sh "$ch" || rc=1
    if [ $rc = 0 ] && [ -s "$ch/opt/o2pool/agent.aot" ]; then
        cp "$ch/opt/o2pool/agent.aot" "$tmp/root/opt/o2pool/agent.aot"
        # the AOT cache holds the JDK's classes too; the default CDS archive would only take guest RAM
        rm -f "$tmp/root/opt/o2pool/java/lib/server/classes.jsa"
        say "AOT cache trained: $(du -h "$tmp/root/opt/o2pool/agent.aot" | cut -f1)"
    else
        tail -20 "$ch/tmp/train/out" >&2 || true
        rc=1
    fi
    rm -rf "$ch"
    return $rc
}

# ---- app layer -----------------------------------------------------------------------------------------------------
JDK_RELEASE=$(grep -E '^(JAVA_VERSION|IMPLEMENTOR)=' "$JDK/release" | tr '\n' ' ')
# The key hashes what the jars hold, not their bytes: every mvn package re-stamps o2pool's own jars (entry times), and
# the app layer (with its AOT training) should be rebuilt only when the code changed.
jar_contents() {
    local j d
    (cd "$LIB" && sha256sum -- $(ls *.jar | grep -v '^o2pool-'))
    for j in "$LIB"/o2pool-*.jar; do
        d=$(mktemp -d); (cd "$d" && "$JDK/bin/jar" xf "$j")
        echo "$(basename "$j") $(cd "$d" && find . -type f ! -name MANIFEST.MF -print0 | sort -z | xargs -0 sha256sum | sha256sum)"
        rm -rf "$d"
    done
}
APP_KEY=$( { echo "$JDK_RELEASE"; jar_contents; sha256sum "$HERE"/guest/* "$HERE/build-guest.sh"; echo "aot=${O2POOL_KVM_AOT:-1}"; } \
    | sha256sum | cut -c1-16)
APP="$WORK/app-$APP_KEY"
if [ ! -f "$APP/.done" ]; then
    tmp="$WORK/tmp-app.$$"
    rm -rf "$tmp"; mkdir -p "$tmp/root/opt/o2pool/lib" "$tmp/out"
    trap 'rm -rf "$tmp"' EXIT
    cp "$LIB"/*.jar "$tmp/root/opt/o2pool/lib/"
    # jdeps prints split-package warnings on stdout too: the module list is its last line
    mods=$("$JDK/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 25 \
        --class-path "$LIB/*" "$LIB"/*.jar 2>/dev/null | grep -E '^[a-z][a-z0-9.]*(,[a-z][a-z0-9.]*)*$' | tail -1)
    [ -n "$mods" ] || { echo "build-guest.sh: jdeps found no modules in $LIB" >&2; exit 1; }
    # jdeps cannot see classes looked up by name at run time: Unsafe (Jackson, Jetty) and, before JDK 22, the EC keys
    # of the agent's certificate
    mods="$mods,jdk.unsupported,jdk.crypto.ec"
    # zip-6 keeps the image (and the guest's RAM) small; start-up classes come from the CDS archive, not the zip
    "$JDK/bin/jlink" --add-modules "$mods" --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
        --generate-cds-archive --output "$tmp/root/opt/o2pool/java" 2>&1 | grep -v '^$' >&2 || true
    rm -f "$tmp/root/opt/o2pool/java/lib/server/classes_nocoops.jsa"   # only for heaps over 32 GiB
    [ -x "$tmp/root/opt/o2pool/java/bin/java" ] || { echo "build-guest.sh: jlink failed" >&2; exit 1; }
    echo "$mods" > "$tmp/out/java-modules"
    mkdir -p "$tmp/root/opt/o2pool/bin"
    install -m 0755 "$HERE/guest/init.sh" "$tmp/root/init"
    for f in "$HERE"/guest/*; do
        case "$(basename "$f")" in init.sh) ;; *) install -m 0755 "$f" "$tmp/root/opt/o2pool/bin/$(basename "$f" .sh)" ;; esac
    done
    # the agent's JVM options, shared by the training run below and the guest (o2pool-agent-start): an explicit,
    # sorted class path, because an AOT cache is valid only for the class path it was trained with
    { echo "-Xmx200m -Xss512k -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:CICompilerCount=1 --enable-native-access=ALL-UNNAMED"
      printf -- '-cp '; (cd "$tmp/root/opt/o2pool/lib" && ls *.jar | sort | sed 's|^|/opt/o2pool/lib/|' | paste -sd:)
    } > "$tmp/root/opt/o2pool/agent-jvm.args"
    if [ "${O2POOL_KVM_AOT:-1}" = 1 ]; then
        train_aot_cache "$tmp" || say "AOT cache not trained; the guest's agent starts without it (slower)"
    fi
    (cd "$tmp/root" && find . -print0 | cpio --null -o -H newc --quiet) > "$tmp/out/app.cpio"
    rm -rf "$APP"; mv "$tmp/out" "$APP"; rm -rf "$tmp"; trap - EXIT
    touch "$APP/.done"
    say "app layer $APP_KEY: Java modules $mods; $(du -h "$APP/app.cpio" | cut -f1) cpio"
    # keep the newest two app layers (another checkout may use other jars)
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
