#!/usr/bin/python3
"""Aggregates `jfr print --json --events jdk.ExecutionSample,jdk.NativeMethodSample` into top frames.

Usage: jfr print --json --events jdk.ExecutionSample rec.jfr | bench/jfr_top.py [--top 25]
Prints: top self frames (the method executing), and top 'inclusive' frames among org.ecgbench / org.deeplearning4j /
org.nd4j methods (a method counted once per sample if anywhere on the stack), as % of samples. Native code that JFR
cannot walk shows as the Java method that called into it (e.g. NativeOpsHolder / Nd4jCpu.execCustomOp2).
"""
import collections, json, sys

top = int(sys.argv[sys.argv.index('--top') + 1]) if '--top' in sys.argv else 25
d = json.load(sys.stdin)
events = d['recording']['events']
self_c, incl_c, near_c, n = collections.Counter(), collections.Counter(), collections.Counter(), 0
kinds, threads = collections.Counter(), collections.Counter()
for e in events:
    st = e['values'].get('stackTrace')
    if not st or not st.get('frames'):
        continue
    n += 1
    kinds[e['type']] += 1
    threads[(e['values'].get('sampledThread') or {}).get('javaName')] += 1
    frames = [f['method']['type']['name'] + '.' + f['method']['name'] for f in st['frames']]
    self_c[frames[0]] += 1
    # the nearest layer-level frame (DL4J layer/helper/vertex or ecgbench code) with the native/ND4J leaf under it
    near = next((f for f in frames if f.replace('/', '.').startswith(('org.ecgbench', 'org.deeplearning4j'))), '?')
    near_c[near + '  <-  ' + frames[0].split('/')[-1]] += 1
    for f in set(frames):
        if f.replace('/', '.').startswith(('org.ecgbench', 'org.deeplearning4j', 'org.nd4j')):
            incl_c[f] += 1
print(f'{n} samples: ' + ', '.join(f'{k} {v}' for k, v in kinds.items()))
print('threads: ' + ', '.join(f'{k} {v}' for k, v in threads.most_common(5)))
print('-- self --')
for f, c in self_c.most_common(top):
    print(f'{100 * c / n:5.1f}%  {f}')
print('-- inclusive (ecgbench/dl4j/nd4j frames) --')
for f, c in incl_c.most_common(top):
    print(f'{100 * c / n:5.1f}%  {f}')
print('-- nearest DL4J/ecgbench frame <- leaf --')
for f, c in near_c.most_common(top):
    print(f'{100 * c / n:5.1f}%  {f}')
