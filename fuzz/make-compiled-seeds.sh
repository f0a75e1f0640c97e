#!/bin/bash
# make-compiled-seeds.sh: remake the seeds of the compiled fuzzer: small
# corpora compiled with a built libbodywork (bw_db_open, then
# bw_db_compile) into fuzz/corpus/compiled/, each under the 32 KiB that
# fuzz/run.sh keeps: test corpora, and the one below, which has a little
# of every part a compiled file holds (groups, codes and a code range,
# synonyms, a body map, a baseline, rules of every severity).  Compiled
# files name the library version, format and word size, so remake them
# when those change.
#   fuzz/make-compiled-seeds.sh BUILD_DIR     # holding libbodywork.so
set -euo pipefail
cd "$(dirname "$0")/.."
lib=$(realpath "${1:?usage: $0 BUILD_DIR}")/libbodywork.so
out=$PWD/fuzz/corpus/compiled
d=tests/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
cat >"$tmp/tiny.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<corpus version="1">
  <source id="s" kind="book"><title>S</title></source>
  <muscle id="psoas" region="lumbar hip" depth="deep">
    <name>Psoas major</name>
    <alias type="nickname" source="s" evidence="anecdote">hip hiker</alias>
    <code system="fma" source="s" evidence="established">FMA:18060</code>
    <summary source="s" evidence="established">Deep hip flexor.</summary>
    <origin levels="T12-L4" source="s" evidence="established">Lumbar spine.</origin>
    <insertion source="s" evidence="established">Femur.</insertion>
    <action source="s" evidence="disputed"><text>Extends.</text><correction source="s">Flexes.</correction></action>
    <innervation levels="L1-L3" source="s" evidence="established">Lumbar plexus.</innervation>
    <related muscle="iliacus" type="synergist" source="s" evidence="established">Pair.</related>
    <causes symptom="lbp" source="s" evidence="practice">When tight.</causes>
    <referral source="s" evidence="practice">Low back.</referral>
    <zone site="back" extent="primary" source="s" evidence="practice"/>
  </muscle>
  <muscle id="iliacus" region="hip" depth="deep">
    <name>Iliacus</name>
    <summary source="s" evidence="established">Iliac fossa.</summary>
    <origin source="s" evidence="established">Ilium.</origin>
    <insertion source="s" evidence="established">Femur.</insertion>
    <action source="s" evidence="established">Flexes.</action>
    <innervation levels="L2-L3" source="s" evidence="established">Femoral nerve.</innervation>
  </muscle>
  <technique id="lunge" modality="pnf" lever="long">
    <name>Lunge stretch</name>
    <summary source="s" evidence="practice">Kneeling lunge.</summary>
    <target muscle="psoas"/>
    <target muscle="iliacus" role="secondary"/>
    <position>kneeling</position>
    <contact>thigh</contact>
    <pressure>light</pressure>
    <method>contract-relax</method>
    <movement>hip-extension</movement>
    <steps source="s" evidence="practice"><step>Lunge.</step></steps>
  </technique>
  <technique id="belly-press" modality="myofascial" lever="short">
    <name>Belly press</name>
    <summary source="s" evidence="practice">Press by the navel.</summary>
    <target muscle="psoas"/>
    <position>supine</position>
    <contact>belly</contact>
    <pressure>deep</pressure>
    <method>static-compression</method>
    <steps source="s" evidence="practice"><step>Sink.</step></steps>
  </technique>
  <condition id="care" category="baseline">
    <name>Care</name>
    <summary source="s" evidence="practice">Every client.</summary>
    <rule severity="caution" source="s" evidence="practice">
      <match contact="belly" min-pressure="deep"/>
      <reason>Great vessels.</reason>
    </rule>
  </condition>
  <condition id="clot" category="medication">
    <name>Clot</name>
    <code system="icd10" source="s" evidence="established">I80.2</code>
    <code system="atc" source="s" evidence="established">B01AA</code>
    <code system="icd10" source="s" evidence="established" shared="yes">E10-E14</code>
    <summary source="s" evidence="established">A clot.</summary>
    <red-flag source="s" evidence="established">Calf pain.</red-flag>
    <rule severity="local" site="thigh" source="s" evidence="established">
      <reason>Not over it.</reason>
      <adjustment>Work elsewhere.</adjustment>
      <instead technique="lunge"/>
      <prefer position="side-lying"/>
    </rule>
    <rule severity="contraindicated" source="s" evidence="established">
      <match min-pressure="deep"/>
      <match technique="belly-press"/>
      <reason>Bruising.</reason>
    </rule>
    <rule severity="clearance" source="s" evidence="established"><reason>Ask a doctor.</reason></rule>
    <rule severity="red-flag" source="s" evidence="established"><reason>Refer.</reason></rule>
  </condition>
  <symptom id="lbp">
    <name>Low back pain</name>
    <code system="icd10" source="s" evidence="established">M54.5</code>
    <summary source="s" evidence="established">Lumbar pain.</summary>
    <zone site="back" extent="primary" source="s" evidence="practice"/>
  </symptom>
  <site id="back" type="region"><name>Back</name><summary source="s" evidence="established">Back.</summary></site>
  <site id="belly" type="region"><name>Belly</name><summary source="s" evidence="established">Belly.</summary></site>
  <site id="thigh" type="endangerment" within="back"><name>Thigh</name><summary source="s" evidence="established">Thigh.</summary></site>
  <group id="flexors">
    <name>Hip flexors</name>
    <summary source="s" evidence="established">Flexors.</summary>
    <member muscle="psoas" source="s" evidence="established"/>
    <member muscle="iliacus" source="s" evidence="established"/>
  </group>
  <synonyms><set><term>low back</term><term>lumbar</term></set><set><term>belly</term><term>tummy</term></set></synonyms>
  <bodymap id="m">
    <view name="front" width="10" height="10">
      <outline d="M0 0 H10 V10 Z"/>
      <region site="belly" d="M1 1 H2 V2 Z"/>
      <region site="thigh" d="M3 3 H4 V4 Z"/>
    </view>
    <view name="back" width="10" height="10"><outline d="M0 0 H9 Z"/><region site="back" d="M1 1 H5 V5 Z"/></view>
  </bodymap>
</corpus>
XML
python3 - "$lib" "$out" <<EOF
import ctypes, os, sys
lib = ctypes.CDLL(sys.argv[1])
class Err(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("line", ctypes.c_ulong),
                ("column", ctypes.c_ulong), ("file", ctypes.c_char * 1024),
                ("message", ctypes.c_char * 512)]
seeds = {  # seed name: the folder to open from (its paths name the
           # entities' files, so no temporary one) and the layers
    "tiny": ("$tmp", ["tiny.xml"]),
    "spaced": ("$PWD", ["$d/valid-spaced"]),
    "valid": ("$PWD", ["$d/valid"]),
    "clinic": ("$PWD", ["$d/valid", "$d/layers/clinic"]),
}
for name, (cwd, paths) in seeds.items():
    os.chdir(cwd)
    db, err = ctypes.c_void_p(), Err()
    arr = (ctypes.c_char_p * len(paths))(*[p.encode() for p in paths])
    path = ("%s/%s.bwdb" % (sys.argv[2], name)).encode()
    if (lib.bw_db_open(ctypes.byref(db), arr, len(paths), ctypes.byref(err))
            or lib.bw_db_compile(db, path, ctypes.byref(err))):
        sys.exit("%s: %s" % (name, err.message.decode()))
    lib.bw_db_close(db)
EOF
# and two that must be refused: the magic alone, and a header whose file
# is missing
head -c 8 "$out/tiny.bwdb" >"$out/magic-only.bwdb"
head -c 112 "$out/tiny.bwdb" >"$out/header-only.bwdb"
ls -l "$out"/*.bwdb
