#!/bin/bash
# Build step of the Debian packages (run by Maven, exec-maven-plugin): stages /usr/lib/PACKAGE for one package as a
# tar.gz that jdeb adds as it is (modes kept: the runtime's bin/java and lib/jspawnhelper stay executable):
#   /usr/lib/PACKAGE/java      a Java runtime jlinked from the build's JDK with the modules jdeps finds in the jars
#   /usr/lib/PACKAGE/lib       the jars (the module's runtime class path)
#   /usr/lib/PACKAGE/jvm.args  the JVM options every launcher of the package uses: an explicit, sorted class path
#                              (an AOT cache trained with it stays valid) and native access for the heartbeat's O_DIRECT
# usage: stage-runtime.sh JDK_HOME LIB_DIR PACKAGE OUT_DIR
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: stage-runtime.sh JDK_HOME LIB_DIR PACKAGE OUT_DIR" >&2; exit 2; }
JDK=$1 LIB=$2 PKG=$3 OUT=$4
[ -x "$JDK/bin/jlink" ] || { echo "stage-runtime.sh: $JDK has no bin/jlink (run the build with a JDK >= 25)" >&2; exit 2; }
ls "$LIB"/*.jar >/dev/null 2>&1 || { echo "stage-runtime.sh: $LIB holds no jars" >&2; exit 2; }
root="$OUT/root"
dest="$root/usr/lib/$PKG"
rm -rf "$root"; mkdir -p "$dest/lib"
cp "$LIB"/*.jar "$dest/lib/"
# jdeps prints split-package warnings on stdout too: the module list is its last line
mods=$("$JDK/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 25 \
    --class-path "$LIB/*" "$LIB"/*.jar 2>/dev/null | grep -E '^[a-z][a-z0-9.]*(,[a-z][a-z0-9.]*)*$' | tail -1)
[ -n "$mods" ] || { echo "stage-runtime.sh: jdeps found no modules in $LIB" >&2; exit 1; }
# classes looked up by name at run time, invisible to jdeps: Unsafe (Jackson, Jetty), the EC keys of the certificates,
# and the DNS name service (the resolver of the hosts checks)
mods="$mods,jdk.unsupported,jdk.crypto.ec,jdk.naming.dns"
# Not linked in: the desktop natives a headless daemon never loads (X11 toolkit, sound, splash screen, fonts, JPEG,
# colour management). Linking them would make the runtime need libX11 and libasound, and ship copies of freetype,
# libjpeg and lcms2 that Debian's security updates would not reach.
desktop_natives='**/libawt_xawt.so,**/libjawt.so,**/libsplashscreen.so,**/libjsound.so,**/libfontmanager.so'
desktop_natives="$desktop_natives,**/libfreetype.so,**/libjavajpeg.so,**/liblcms.so"
"$JDK/bin/jlink" --add-modules "$mods" --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
    --exclude-files="$desktop_natives" --generate-cds-archive --output "$dest/java"
# Debian policy 10.1: binaries and shared objects stripped of their symbol tables and debug sections
find "$dest/java" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jexec -o -name jspawnhelper \) -print0 \
    | xargs -0 strip --strip-unneeded --remove-section=.comment --remove-section=.note
# the JDK marks its legal notices read-only (0444); Debian files are 0644
chmod -R u+w,go-w "$dest/java/legal"
rm -f "$dest/java/lib/server/classes_nocoops.jsa"   # only for heaps over 32 GiB
{ echo "--enable-native-access=ALL-UNNAMED"
  printf -- '-cp '; (cd "$dest/lib" && ls *.jar | LC_ALL=C sort | sed "s|^|/usr/lib/$PKG/lib/|" | paste -sd:)
} > "$dest/jvm.args"
echo "$mods" > "$OUT/java-modules"
# owned by root; every file stamped with SOURCE_DATE_EPOCH (reproducible builds) or the build's time
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@${SOURCE_DATE_EPOCH:-$(date +%s)}" \
    -C "$root" -czf "$OUT/runtime.tar.gz" usr
echo "stage-runtime.sh: $PKG: Java modules $mods; $(du -sh "$dest" | cut -f1) installed"
