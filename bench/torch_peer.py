#!/usr/bin/python3
"""Peer benchmark: ecgbench's architectures written in PyTorch, timed on the same CPU.

Started from ../shared/bench/torch_peer.py and extended to every architecture that `ecgbench bench --peer pytorch`
compares: the five beat models (cnn_bigru_attention, resnet1d, arrhythminet_v1, arrhythminet_v2, hubert_ecg tiny) and
ecgencode_m1, ecgencode_m2, cnn_attention_bilstm. `ecgbench bench --peer pytorch` launches this script once per model
and reads the last stdout line, one JSON object:

  {"model", "leads", "samples", "classes", "batch", "threads", "torch", "params", "bn_running_stats",
   "lstm_extra_bias", "params_ecgbench_equivalent", "expect_params", "params_match", "train_per_s", "infer_per_s", ...}

Parameter counts: DL4J (like Keras) counts 4 values per batch-norm channel (gamma, beta, running mean and variance);
PyTorch's parameters() holds only gamma and beta, and PyTorch's LSTM carries two bias vectors per gate block (b_ih and
b_hh) where DL4J's LSTM has one. params_ecgbench_equivalent = params + bn running stats - the second LSTM bias; with
--expect-params the script fails (exit 3) when that differs from ecgbench's count.

Usage: torch_peer.py --model resnet1d [--leads 1 --samples 360 --classes 5] [--batch 64] [--threads 2]
                     [--seconds 5] [--expect-params 45301] [--list]
"""
import argparse, json, math, sys, time

import torch
import torch.nn as nn
import torch.nn.functional as F


def same_pad(k):
    return k // 2


class CnnBiGruAttention(nn.Module):
    """seed 002: 3 x (Conv1D ReLU -> BN -> MaxPool 2), dropout, BiGRU(32), dropout, additive attention
    (score = tanh(w.h_t + b), softmax over time), dense 32 ReLU, dropout, output (ecgbench CnnBiGruAttention)."""

    def __init__(s, leads=1, samples=360, c=5):
        super().__init__()
        ch, ks = [leads, 32, 64, 64], [5, 5, 3]
        s.convs = nn.ModuleList(nn.Conv1d(ch[i], ch[i + 1], ks[i], padding=ks[i] // 2) for i in range(3))
        s.bns = nn.ModuleList(nn.BatchNorm1d(ch[i + 1]) for i in range(3))
        s.gru = nn.GRU(64, 32, batch_first=True, bidirectional=True)
        s.att = nn.Linear(64, 1)
        s.dense = nn.Linear(64, 32)
        s.out = nn.Linear(32, c)

    def forward(s, x):
        for cv, bn in zip(s.convs, s.bns):
            x = F.max_pool1d(bn(F.relu(cv(x))), 2)
        x = F.dropout(x, 0.3, s.training).transpose(1, 2)
        h, _ = s.gru(x)
        h = F.dropout(h, 0.3, s.training)
        a = torch.softmax(torch.tanh(s.att(h)), 1)
        z = (a * h).sum(1)
        return s.out(F.dropout(F.relu(s.dense(z)), 0.5, s.training))


class Block(nn.Module):
    def __init__(s, i, o, k, st):
        super().__init__()
        s.c1 = nn.Conv1d(i, o, k, st, k // 2, bias=False); s.b1 = nn.BatchNorm1d(o)
        s.c2 = nn.Conv1d(o, o, k, 1, k // 2, bias=False); s.b2 = nn.BatchNorm1d(o)
        s.proj = None if (i == o and st == 1) else nn.Sequential(nn.Conv1d(i, o, 1, st, bias=False), nn.BatchNorm1d(o))

    def forward(s, x):
        z = F.relu(s.b2(s.c2(F.relu(s.b1(s.c1(x))))))
        return z + (x if s.proj is None else s.proj(x))


class ResNet1D(nn.Module):
    """qHuBERT ResNet1D, ecgbench defaults: stem conv7+BN+ReLU, widths 16/32/64, one block per stage, kernel 5, GAP."""

    def __init__(s, leads=1, samples=360, c=5, widths=(16, 32, 64), k=5):
        super().__init__()
        s.stem = nn.Sequential(nn.Conv1d(leads, widths[0], 7, padding=3, bias=False), nn.BatchNorm1d(widths[0]), nn.ReLU())
        blocks, w = [], widths[0]
        for i, wd in enumerate(widths):
            blocks.append(Block(w, wd, k, 1 if i == 0 else 2)); w = wd
        s.blocks = nn.Sequential(*blocks)
        s.out = nn.Linear(w, c)

    def forward(s, x):
        x = s.blocks(s.stem(x)).mean(-1)
        return s.out(F.dropout(x, 0.2, s.training))


class ArrhythmiNet(nn.Module):
    """ArrhythmiNet V1/V2 (ecgbench's design): stem conv7/2 + BN + ReLU, depthwise-separable blocks
    (dw k5 + BN + ReLU, pw 1x1 + BN + ReLU; stride 2 in blocks 2 and 4), GAP, dropout 0.2, output."""

    def __init__(s, version, leads=1, samples=360, c=5, k=5):
        super().__init__()
        stem, blocks = (16, [48, 96, 96, 192, 192]) if version == 1 else (8, [32, 64, 64, 128, 160])
        layers = [nn.Conv1d(leads, stem, 7, 2, 3, bias=False), nn.BatchNorm1d(stem), nn.ReLU()]
        w = stem
        for i, o in enumerate(blocks):
            st = 2 if i in (1, 3) else 1
            layers += [nn.Conv1d(w, w, k, st, k // 2, groups=w, bias=False), nn.BatchNorm1d(w), nn.ReLU(),
                       nn.Conv1d(w, o, 1, bias=False), nn.BatchNorm1d(o), nn.ReLU()]
            w = o
        s.features = nn.Sequential(*layers)
        s.out = nn.Linear(w, c)

    def forward(s, x):
        return s.out(F.dropout(s.features(x).mean(-1), 0.2, s.training))


class HubertTiny(nn.Module):
    """HuBERT-ECG 'tiny' (ecgbench HubertEcg): conv feature encoder 3 x 32 (k 10,3,3 / s 5,2,2, no bias, GELU),
    LayerNorm, projection to 64, depthwise conv positional embedding (k 7, GELU) added, LayerNorm, dropout,
    2 post-LN transformer layers (4 heads, FFN 256, GELU), mean over frames, dropout, output."""

    def __init__(s, leads=1, samples=360, c=5, dims=(32, 32, 32), ks=(10, 3, 3), sts=(5, 2, 2), h=64, layers=2, heads=4, ffn=256,
                 pos=7, p=0.1):
        super().__init__()
        convs, i = [], leads
        for d, k, st in zip(dims, ks, sts):
            convs.append(nn.Conv1d(i, d, k, st, bias=False)); i = d
        s.convs = nn.ModuleList(convs)
        s.fe_ln = nn.LayerNorm(i)
        s.fe_proj = nn.Linear(i, h)
        s.pos = nn.Conv1d(h, h, pos, padding=pos // 2, groups=h)
        s.enc_ln = nn.LayerNorm(h)
        s.p = p
        s.layers = nn.ModuleList(nn.TransformerEncoderLayer(h, heads, ffn, p, activation='gelu', batch_first=True)
                                 for _ in range(layers))
        s.out = nn.Linear(h, c)

    def forward(s, x):
        for cv in s.convs:
            x = F.gelu(cv(x))
        x = s.fe_proj(s.fe_ln(x.transpose(1, 2)))                    # [b, T', h]
        x = x + F.gelu(s.pos(x.transpose(1, 2))).transpose(1, 2)
        x = F.dropout(s.enc_ln(x), s.p, s.training)
        for l in s.layers:
            x = l(x)
        return s.out(F.dropout(x.mean(1), s.p, s.training))


class EcgEncode(nn.Module):
    """ECGencode encoder (ecgbench EcgEncoder): temporal convs (kernels 16/64/256/1024 x 4 filters, stride 8, no bias)
    on [b, 1, leads, T], lead-axis BN, depthwise spatial conv [leads, 1] (x augmented leads) + ELU, then two blocks of
    BN -> spatial dropout 0.1 -> Gaussian noise (training) -> depthwise-separable conv (ELU, then sigmoid).
    Model 1: flatten + dense output. Model 2: sequence of (channels*aug leads) features, BiLSTM(64) last states,
    BN, dense output (71 sigmoid labels)."""

    def __init__(s, model, leads=12, samples=5000, c=2):
        super().__init__()
        s.model = model
        kernels, tf, ts = (16, 64, 256, 1024), 4, 8
        aug, f1k, f1s, f1d, f1f, f2k, f2s, f2d, f2f = ((4, 32, 8, 1, 4, 8, 2, 1, 4) if model == 1
                                                        else (5, 16, 4, 1, 16, 16, 2, 2, 32))
        ch = len(kernels) * tf
        s.aug, s.ch = aug, ch
        s.temporal = nn.ModuleList(nn.Conv2d(1, tf, (1, k), (1, ts), (0, k // 2), bias=False) for k in kernels)
        s.lead_bn = nn.BatchNorm2d(leads, eps=1e-3, momentum=0.01)
        s.spatial = nn.Conv2d(ch, ch * aug, (leads, 1), groups=ch, bias=False)
        s.f1_bn = nn.BatchNorm2d(ch, eps=1e-3, momentum=0.01)
        s.f1_dw = nn.Conv2d(ch, ch * f1d, (1, f1k), (1, f1s), (0, f1k // 2), groups=ch, bias=False)
        s.f1_pw = nn.Conv2d(ch * f1d, f1f, 1, bias=False)
        s.f2_bn = nn.BatchNorm2d(f1f, eps=1e-3, momentum=0.01)
        s.f2_dw = nn.Conv2d(f1f, f1f * f2d, (1, f2k), (1, f2s), (0, f2k // 2), groups=f1f, bias=False)
        s.f2_pw = nn.Conv2d(f1f * f2d, f2f, 1, bias=False)
        with torch.no_grad():
            lat = s.encode(torch.zeros(2, leads, samples)).shape   # [b, f2f, aug, T3]
        if model == 1:
            s.out = nn.Linear(lat[1] * lat[2] * lat[3], c)
        else:
            s.lstm = nn.LSTM(lat[1] * lat[2], 64, batch_first=True, bidirectional=True)
            s.bn = nn.BatchNorm1d(128, eps=1e-3, momentum=0.01)
            s.out = nn.Linear(128, c)

    def noise(s, x, axis):
        # spatial Gaussian noise (ecgbench SpatialGaussianNoise): with probability 0.5 per (example, slice of `axis`),
        # multiply by N(1, 0.25^2); identity at inference
        if not s.training:
            return x
        shape = [x.shape[0], 1, 1, 1]
        shape[axis] = x.shape[axis]
        keep = torch.rand(shape) < 0.5
        return x * torch.where(keep, 1 + 0.25 * torch.randn(shape), torch.ones(shape))

    def encode(s, x):
        x = x.unsqueeze(1)                                           # [b, 1, leads, T]
        x = torch.cat([cv(x) for cv in s.temporal], 1)               # [b, ch, leads, T1]
        x = s.lead_bn(x.transpose(1, 2)).transpose(1, 2)
        x = s.spatial(x)                                             # [b, ch*aug, 1, T1]
        x = F.elu(x.reshape(x.shape[0], s.ch, s.aug, x.shape[-1]))
        x = s.noise(F.dropout2d(s.f1_bn(x), 0.1, s.training), 2)
        x = F.elu(s.f1_pw(s.f1_dw(x)))
        x = s.noise(F.dropout2d(s.f2_bn(x), 0.1, s.training), 1)
        return torch.sigmoid(s.f2_pw(s.f2_dw(x)))

    def forward(s, x):
        z = s.encode(x)
        if s.model == 1:
            return s.out(z.flatten(1))
        seq = z.flatten(1, 2).transpose(1, 2)                        # [b, T3, f2f*aug]
        _, (h, _) = s.lstm(seq)
        return s.out(s.bn(torch.cat([h[0], h[1]], 1)))


class CnnAttentionBiLstm(nn.Module):
    """CNN-Attention-BiLSTM (Thota et al.; ecgbench CnnAttentionBiLstm): 3 blocks of two conv k15 (first stride 2)
    + BN + ReLU, max-pool 2 ('same'), dropout; sigmoid 1x1 attention gate; max-pool; dropout; BiLSTM(128),
    BiLSTM(64) returning sequences; dropout; GAP; dense 128 ReLU; output."""

    def __init__(s, leads=12, samples=15000, c=9):
        super().__init__()
        f, st = [32, 32, 64, 64, 128, 128], [2, 1, 2, 1, 2, 1]
        s.convs, s.bns, i = nn.ModuleList(), nn.ModuleList(), leads
        for o, t in zip(f, st):
            s.convs.append(nn.Conv1d(i, o, 15, t, 7)); s.bns.append(nn.BatchNorm1d(o, eps=1e-3, momentum=0.01)); i = o
        s.drops = [0.2, 0.3, 0.3]
        s.gate = nn.Conv1d(128, 128, 1)
        s.lstm1 = nn.LSTM(128, 128, batch_first=True, bidirectional=True)
        s.lstm2 = nn.LSTM(256, 64, batch_first=True, bidirectional=True)
        s.dense = nn.Linear(128, 128)
        s.out = nn.Linear(128, c)

    def forward(s, x):
        for i, (cv, bn) in enumerate(zip(s.convs, s.bns)):
            x = F.relu(bn(cv(x)))
            if i % 2 == 1:
                x = F.dropout(F.max_pool1d(x, 2, ceil_mode=True), s.drops[i // 2], s.training)
        x = x * torch.sigmoid(s.gate(x))
        x = F.dropout(F.max_pool1d(x, 2, ceil_mode=True), 0.4, s.training).transpose(1, 2)
        x, _ = s.lstm1(x)
        x, _ = s.lstm2(x)
        x = F.dropout(x, 0.3, s.training).mean(1)
        x = F.relu(s.dense(F.dropout(x, 0.5, s.training)))
        return s.out(F.dropout(x, 0.4, s.training))


MODELS = {
    'cnn_bigru_attention': lambda l, t, c: CnnBiGruAttention(l, t, c),
    'resnet1d': lambda l, t, c: ResNet1D(l, t, c),
    'arrhythminet_v1': lambda l, t, c: ArrhythmiNet(1, l, t, c),
    'arrhythminet_v2': lambda l, t, c: ArrhythmiNet(2, l, t, c),
    'hubert_ecg': lambda l, t, c: HubertTiny(l, t, c),
    'ecgencode_m1': lambda l, t, c: EcgEncode(1, l, t, c),
    'ecgencode_m2': lambda l, t, c: EcgEncode(2, l, t, c),
    'cnn_attention_bilstm': lambda l, t, c: CnnAttentionBiLstm(l, t, c),
}
MULTI_LABEL = {'ecgencode_m2'}


def counts(m):
    p = sum(t.numel() for t in m.parameters())
    bn = sum(mod.running_mean.numel() + mod.running_var.numel() for mod in m.modules()
             if isinstance(mod, nn.modules.batchnorm._BatchNorm))
    extra = sum(getattr(mod, name).numel() for mod in m.modules() if isinstance(mod, nn.LSTM)
                for name, _ in mod.named_parameters() if name.startswith('bias_hh'))
    return p, bn, extra


def rate(fn, batch, seconds):
    """samples/s of wall time and per second of this process's CPU time (all threads), and the number of calls;
    two warm-up calls, then at least `seconds` and two calls (the protocol of ecgbench's ModelBenchmark.throughput)."""
    fn(); fn()
    n, calls, t0, c0 = 0, 0, time.perf_counter(), time.process_time()
    while True:
        fn(); n += batch; calls += 1
        el = time.perf_counter() - t0
        if el >= seconds and calls >= 2:
            return n / el, n / (time.process_time() - c0), calls


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', default='resnet1d')
    ap.add_argument('--leads', type=int, default=1)
    ap.add_argument('--samples', type=int, default=360)
    ap.add_argument('--classes', type=int, default=5)
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--seconds', type=float, default=5)
    ap.add_argument('--expect-params', type=int, default=None)
    ap.add_argument('--list', action='store_true', help='print the model names and exit')
    a = ap.parse_args()
    if a.list:
        print(json.dumps({'torch': torch.__version__, 'models': sorted(MODELS)}))
        return 0
    if a.model not in MODELS:
        print(json.dumps({'model': a.model, 'error': 'no PyTorch version of this model'}))
        return 2
    torch.set_num_threads(a.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    torch.manual_seed(0)
    m = MODELS[a.model](a.leads, a.samples, a.classes)
    p, bn, extra = counts(m)
    equiv = p + bn - extra
    res = {'model': a.model, 'leads': a.leads, 'samples': a.samples, 'classes': a.classes, 'batch': a.batch,
           'threads': torch.get_num_threads(), 'torch': torch.__version__, 'params': p, 'bn_running_stats': bn,
           'lstm_extra_bias': extra, 'params_ecgbench_equivalent': equiv, 'expect_params': a.expect_params,
           'params_match': a.expect_params is None or a.expect_params == equiv}
    print(f"{a.model}: torch params {p} (+{bn} BN running stats, -{extra} second LSTM bias) = {equiv}; "
          f"ecgbench {a.expect_params}", file=sys.stderr)
    if not res['params_match']:
        res['error'] = f'parameter count {equiv} (ecgbench-equivalent) differs from ecgbench {a.expect_params}'
        print(json.dumps(res))
        return 3
    x = torch.randn(a.batch, a.leads, a.samples)
    if a.model in MULTI_LABEL:
        y = (torch.rand(a.batch, a.classes) < 0.1).float()
        loss = lambda o: F.binary_cross_entropy_with_logits(o, y)
    else:
        y = torch.arange(a.batch) % a.classes
        loss = lambda o: F.cross_entropy(o, y)
    opt = torch.optim.Adam(m.parameters(), 1e-3)

    def train():
        m.train(); opt.zero_grad(); loss(m(x)).backward(); opt.step()

    def infer():
        m.eval()
        with torch.no_grad():
            m(x)

    res['train_per_s'], res['train_per_cpu_s'], res['train_calls'] = rate(train, a.batch, a.seconds)
    res['infer_per_s'], res['infer_per_cpu_s'], res['infer_calls'] = rate(infer, a.batch, a.seconds)
    print(json.dumps(res))
    return 0


if __name__ == '__main__':
    sys.exit(main())
