#!/bin/bash
# (The team kit's shared/tools/native-image/assemble.sh, kept here so that native/verify.sh stands
# alone; native/verify.sh calls it when its toolchain directory has no native-image yet.)
# Assembles a GraalVM-like native-image toolchain from Maven Central and a stock JDK. Hand-assembled GraalVM native-image (Substrate VM 25.0.4 from Maven Central) on stock
# Temurin 25.0.3, Debian 12, no GraalVM distribution, no internet besides Maven Central.
#
# Result: a native executable that is dynamically linked against the JDK's *shared*
# libjava/libnio/libnet/libzip.so (copied to $W/rt) plus a stub libjvm.so built from
# Substrate VM's JvmFuncs.c -- because static JDK libs (libjava.a ...) cannot be
# obtained here. Not a self-contained "mostly static" GraalVM image.
#
# Needs: Temurin 25 (TEMURIN, default /usr/lib/jvm/temurin-25-jdk-amd64), mvn, gcc, g++, and the
# GraalVM CE 25 sources (for the Substrate VM C helper libraries and the native-image driver) as a
# bare git dir: GRAAL_SRC_GIT=<the git dir of github:graalvm/graalvm-community-jdk25u>, tag vm-25.0.3.
# usage: GRAAL_SRC_GIT=... assemble.sh WORKDIR     then WORKDIR/jdk is a GraalVM-like home:
#        WORKDIR/jdk/bin/native-image --version
set -euo pipefail
W=${1:?usage: GRAAL_SRC_GIT=DIR assemble.sh WORKDIR}; mkdir -p "$W"; W=$(cd "$W" && pwd)
V=25.0.4                                             # Substrate VM jars on Maven Central
TEMURIN=${TEMURIN:-/usr/lib/jvm/temurin-25-jdk-amd64}
GRAALGIT=${GRAAL_SRC_GIT:?set GRAAL_SRC_GIT to the git dir of github:graalvm/graalvm-community-jdk25u}
mkdir -p "$W"; cd "$W"
log() { echo "=== $(date +%T) $*"; }

log "1. builder jars from Maven Central"
JAVA_HOME=$TEMURIN mvn -q -B dependency:get -Dartifact=org.graalvm.nativeimage:svm:$V -Dtransitive=true
mkdir -p jars; R=$HOME/.m2/repository/org/graalvm
for p in sdk/word sdk/collections sdk/nativeimage sdk/nativeimage-libgraal nativeimage/native-image-base \
         nativeimage/pointsto nativeimage/objectfile nativeimage/svm nativeimage/svm-capnproto-runtime \
         nativeimage/svm-configure espresso/espresso-svm truffle/truffle-compiler compiler/compiler; do
  cp "$R/$p/$V/$(basename $p)-$V.jar" jars/
done

log "2. private copy of Temurin 25 (gets lib/svm and lib/static added)"
rm -rf jdk; cp -a $TEMURIN jdk; J=$W/jdk

log "3. --add-exports for every non-exported JDK package to the builder modules"
TGT=jdk.graal.compiler,org.graalvm.nativeimage.builder,org.graalvm.nativeimage.pointsto,org.graalvm.nativeimage.base,org.graalvm.nativeimage.objectfile,org.graalvm.nativeimage.configure,org.graalvm.truffle.compiler,org.graalvm.nativeimage.libgraal,org.graalvm.espresso.shared.svm,org.graalvm.nativeimage,org.graalvm.word,org.graalvm.collections
for m in $($J/bin/java --list-modules | sed 's/@.*//'); do
  [ $m = jdk.graal.compiler ] && continue
  $J/bin/java --describe-module $m | awk -v m=$m -v t=$TGT '($1=="contains"||$1=="qualified"&&$2=="exports"){p=($1=="contains")?$2:$3; print "--add-exports=" m "/" p "=" t}'
done | sort -u > exports.args

log "4. Substrate VM C libraries from GraalVM CE 25.0.3 sources"
rm -rf gsrc; mkdir gsrc
git --git-dir=$GRAALGIT archive vm-25.0.3 substratevm/src/com.oracle.svm.native.libchelper \
  substratevm/src/com.oracle.svm.native.jvm.posix substratevm/src/com.oracle.svm.native.libcontainer \
  substratevm/src/com.oracle.svm.native.reporterchelper | tar -x -C gsrc
N=gsrc/substratevm/src
C=clibs/linux-amd64; rm -rf clibs obj; mkdir -p $C/glibc $C/include obj/chelper obj/jvm obj/container obj/rt rt
cp $N/com.oracle.svm.native.libchelper/include/* $C/include/
CF="-O2 -fPIC -fno-omit-frame-pointer -D_GNU_SOURCE -DLINUX -I$J/include -I$J/include/linux"
for f in $N/com.oracle.svm.native.libchelper/src/*.c; do
  gcc -c $CF -I$N/com.oracle.svm.native.libchelper/include $f -o obj/chelper/$(basename $f .c).o; done
ar rcs $C/liblibchelper.a obj/chelper/*.o
gcc -c $CF $N/com.oracle.svm.native.jvm.posix/src/JvmFuncs.c -o obj/jvm/JvmFuncs.o
ar rcs $C/libjvm.a obj/jvm/JvmFuncs.o
( cd $N/com.oracle.svm.native.libcontainer   # flags from its ninja.template
  for f in $(find src -name '*.cpp'); do
    g++ -c -DNATIVE_IMAGE -DLINUX -DINCLUDE_SUFFIX_COMPILER=_gcc -D__STDC_FORMAT_MACROS -D__STDC_LIMIT_MACROS \
      -D__STDC_CONSTANT_MACROS -std=c++14 -Isrc/hotspot -Isrc/hotspot/share -Isrc/svm -Isrc/svm/share \
      -Isrc/java.base/share/native/include -Isrc/hotspot/os/linux -Isrc/hotspot/os/posix \
      -Isrc/hotspot/os/posix/include -Isrc/java.base/unix/native/include \
      -fno-rtti -fno-exceptions -fvisibility=hidden -fPIC -O2 $f -o $W/obj/container/$(echo $f | tr / _).o
  done )
ar rcs $C/libsvm_container.a obj/container/*.o
mkdir -p $J/lib/svm/builder/lib      # builder's own JNI helper (ProgressReporterCHelper)
gcc -shared -fPIC -O2 -I$J/include -I$J/include/linux -o $J/lib/svm/builder/lib/libreporterchelper.so \
  $N/com.oracle.svm.native.reporterchelper/src/*.c

log "5. stand-ins for the static JDK libs: ld scripts that link the JDK's shared libs"
# the JDK libraries a GraalVM ships as static archives and that Java code commonly reaches
JDK_LIBS="java nio net zip extnet management management_ext prefs jaas"
for l in $JDK_LIBS; do cp $J/lib/lib$l.so rt/; done
# stub libjvm.so: SVM's JvmFuncs.c + aborting stubs for the other JVM_* that the JDK libs import (BIND_NOW)
gcc -c $CF $N/com.oracle.svm.native.jvm.posix/src/JvmFuncs.c -o obj/rt/JvmFuncs.o
nm obj/rt/JvmFuncs.o | awk 'NF==3 && $2=="T"{print $3}' | sort -u > obj/rt/have.txt
nm -D --undefined-only rt/*.so | awk '{print $2}' | sed 's/@.*//' | grep -E '^(JVM_|jio_)' | sort -u > obj/rt/need.txt
{ echo '#include <stdio.h>'; echo '#include <stdlib.h>'; echo 'int __svm_vm_is_static_binary = 0;'
  comm -23 obj/rt/need.txt obj/rt/have.txt | while read s; do
    echo "void $s(void) { fprintf(stderr, \"unimplemented JVM function $s\\n\"); abort(); }"; done
} > obj/rt/jvmstubs.c
echo 'SUNWprivate_1.1 { global: JVM_*; jio_*; local: *; };' > obj/rt/jvm.map
gcc -shared -fPIC -O2 -o rt/libjvm.so -Wl,-soname,libjvm.so -Wl,--version-script=obj/rt/jvm.map \
  obj/rt/JvmFuncs.o obj/rt/jvmstubs.c -ldl -lpthread
# JNI_OnLoad_<lib> (what a static JDK lib would define) -> forward to the shared lib's JNI_OnLoad
for l in $JDK_LIBS; do cat > obj/rt/onload_$l.c <<EOF
#include <dlfcn.h>
#include <jni.h>
JNIEXPORT jint JNICALL JNI_OnLoad_$l(JavaVM *vm, void *reserved) {
    void *h = dlopen("lib$l.so", RTLD_NOLOAD | RTLD_LAZY);
    if (h != NULL) {
        jint (*f)(JavaVM *, void *) = (jint (*)(JavaVM *, void *)) dlsym(h, "JNI_OnLoad");
        if (f != NULL) { jint r = f(vm, reserved); if (r < 0) return r; }
    }
    return JNI_VERSION_1_8;
}
EOF
gcc -c -O2 -fPIC -I$J/include -I$J/include/linux obj/rt/onload_$l.c -o rt/onload_$l.o; done
# libjava's findJavaTZ_md is not exported by libjava.so, but libchelper's timeZone.c needs it
cat > obj/rt/tzshim.c <<'EOF'
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <limits.h>
char *findJavaTZ_md(const char *java_home_dir) {
    (void) java_home_dir;
    const char *tz = getenv("TZ");
    if (tz != NULL && *tz != '\0') {
        if (*tz == ':') tz++;
        if (strncmp(tz, "posix/", 6) == 0 || strncmp(tz, "right/", 6) == 0) tz += 6;
        return strdup(tz);
    }
    FILE *f = fopen("/etc/timezone", "r");
    if (f != NULL) {
        char line[256];
        char *ok = fgets(line, sizeof line, f);
        fclose(f);
        if (ok != NULL) { line[strcspn(line, " \t\r\n")] = '\0'; if (line[0] != '\0') return strdup(line); }
    }
    char buf[PATH_MAX];
    ssize_t n = readlink("/etc/localtime", buf, sizeof buf - 1);
    if (n > 0) { buf[n] = '\0'; char *p = strstr(buf, "zoneinfo/"); if (p != NULL) return strdup(p + 9); }
    return NULL;
}
EOF
gcc -c -O2 -fPIC obj/rt/tzshim.c -o rt/tzshim.o
S=$J/lib/static/linux-amd64/glibc; mkdir -p $S
for l in $JDK_LIBS; do
  extra=""; [ $l = java ] && extra="$W/rt/tzshim.o"
  printf 'INPUT(%s %s %s %s)\n' "$W/rt/lib$l.so" "$W/rt/onload_$l.o" "$extra" "$W/rt/libjvm.so" > $S/lib$l.a
done

log "6. the native-image driver (compiled from GraalVM CE 25.0.3 sources) and a GraalVM-like layout"
mkdir -p $J/lib/svm/builder $J/lib/jvmci $J/lib/truffle $J/lib/svm/clibraries $J/lib/svm/driver
for a in svm pointsto objectfile native-image-base svm-capnproto-runtime svm-configure espresso-svm; do cp jars/$a-$V.jar $J/lib/svm/builder/; done
for a in word collections nativeimage nativeimage-libgraal; do cp jars/$a-$V.jar $J/lib/jvmci/$a.jar; done
cp jars/compiler-$V.jar $J/lib/jvmci/graal.jar
cp jars/truffle-compiler-$V.jar $J/lib/truffle/truffle-compiler.jar
rm -rf $J/lib/svm/clibraries/linux-amd64; cp -r clibs/linux-amd64 $J/lib/svm/clibraries/

rm -rf drv; mkdir -p drv/src drv/classes
git --git-dir=$GRAALGIT archive vm-25.0.3 substratevm/src/com.oracle.svm.driver substratevm/src/com.oracle.svm.driver.launcher | tar -x -C drv/src
cat > drv/module-info.java <<'EOF'
module org.graalvm.nativeimage.driver {
    requires java.management; requires jdk.management; requires jdk.jfr; requires jdk.internal.vm.ci;
    requires jdk.graal.compiler; requires org.graalvm.nativeimage.builder; requires org.graalvm.nativeimage.base;
    requires org.graalvm.nativeimage.pointsto; requires org.graalvm.nativeimage; requires org.graalvm.collections;
    requires org.graalvm.word; requires org.graalvm.nativeimage.configure;
}
EOF
B=$J/lib/svm/builder; L=$J/lib/jvmci
MP=$L/word.jar:$L/collections.jar:$L/nativeimage.jar:$L/nativeimage-libgraal.jar:$B/native-image-base-$V.jar:$B/pointsto-$V.jar:$B/objectfile-$V.jar:$B/svm-$V.jar:$B/svm-capnproto-runtime-$V.jar:$B/svm-configure-$V.jar:$B/espresso-svm-$V.jar:$J/lib/truffle/truffle-compiler.jar
DX="--add-exports=java.base/jdk.internal.jimage=org.graalvm.nativeimage.driver --add-exports=jdk.jfr/jdk.jfr.internal=org.graalvm.nativeimage.driver --add-exports=jdk.internal.vm.ci/jdk.vm.ci.meta=org.graalvm.nativeimage.driver --add-exports=jdk.internal.vm.ci/jdk.vm.ci.code=org.graalvm.nativeimage.driver"
$J/bin/javac -nowarn -d drv/classes --upgrade-module-path $L/graal.jar --module-path $MP $DX \
  drv/module-info.java $(find drv/src -name '*.java')
cp drv/src/substratevm/src/com.oracle.svm.driver/resources/*.txt drv/classes/
# what mx would generate (SubstrateCompilerFlagsBuilder): builder JVM flags per Java version
echo 25 > drv/classes/graal-compiler-flags-versions.config
{ printf '%s\n' -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI -Dtruffle.TrustAllTruffleRuntimeProviders=true \
    -Dtruffle.TruffleRuntime=com.oracle.truffle.api.impl.DefaultTruffleRuntime -Dgraalvm.ForcePolyglotInvalid=true \
    -Dgraalvm.locatorDisabled=true -Dsubstratevm.HostLibC=glibc -Dorg.graalvm.nativeimage.imagecode=buildtime
  cat exports.args; } > drv/classes/graal-compiler-flags-25.config
rm -f $J/lib/svm/driver/svm-driver.jar; (cd drv/classes && $J/bin/jar cf $J/lib/svm/driver/svm-driver.jar .)
sed 's/$/,org.graalvm.nativeimage.driver/' exports.args > $J/lib/svm/driver/driver-exports.args

cat > $J/bin/native-image <<EOF
#!/bin/bash
JH=\$(cd "\$(dirname "\$(readlink -f "\$0")")/.." && pwd)
extra=()
case " \$* " in
  *" --version "*|*" -version "*|*" --help "*) ;;
  *) extra=(-EJVMCI_VERSION_CHECK=warn "-H:NativeLinkerOption=-Wl,-rpath,\${NI_RT_DIR:-$W/rt}") ;;
esac
export JVMCI_VERSION_CHECK=warn
# the vendor version in Mandrel's form, which Quarkus' toolchain check parses (\`native-image --version\`)
exec "\$JH/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dnative-image.root="\$JH" \\
  -Dorg.graalvm.version=$V -Dorg.graalvm.vendorversion="Mandrel-25.0.3.0-Final" -Dorg.graalvm.vendor=Hand-assembled \\
  -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI -Dorg.graalvm.nativeimage.imagecode=buildtime \\
  --upgrade-module-path "\$JH/lib/jvmci/graal.jar" \\
  --module-path "\$JH/lib/svm/driver/svm-driver.jar:$MP" \\
  @"\$JH/lib/svm/driver/driver-exports.args" \\
  -m org.graalvm.nativeimage.driver/com.oracle.svm.driver.NativeImage "\${extra[@]}" "\$@"
EOF
chmod +x $J/bin/native-image
$J/bin/native-image --version 2>&1 | grep -v 'Unknown module'

log "7. self-check: a hello world built with bin/native-image and run"
mkdir -p hello/classes
cat > hello/Hello.java <<'EOF'
public class Hello {
    public static void main(String[] a) {
        System.out.println("native hello, java.version=" + System.getProperty("java.version")
            + ", imagecode=" + System.getProperty("org.graalvm.nativeimage.imagecode"));
    }
}
EOF
$J/bin/javac -d hello/classes hello/Hello.java
time $J/bin/native-image -J-Xmx4g -cp $W/hello/classes Hello -o $W/hello/hello
$W/hello/hello
log "done: GraalVM-like home at $J (its executables need $W/rt at run time, found through an rpath)"
