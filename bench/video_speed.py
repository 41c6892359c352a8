"""Video speed, flicker and accuracy: the loop a user would write (the baseline) vs colorize_video, same run.

Makes black-and-white test clips with film grain (`sample_clip`: a pan over a photo, and a grain-only still) at
--width x --height, then, in --rounds alternating rounds, times end to end (decode, network, full-resolution
output, H.264 encode):
  - the baseline: frames read with PyAV, each colourised with `Colorizer` on its own, written with PyAV;
  - `colorize_video` with each frame on its own (--temporal 0) and stabilised (--temporal 0.8), with the
    default encoder preset (medium) and with --preset veryfast;
  - the photo path on the same frames saved as PNG files (`colorize_files`), and without files (`colorize_many` on
    the frames in memory), the references for the goal that video costs under 10 % more than photos;
  - decoding and encoding alone (no network), which is what video adds.
Then temporal consistency, on grain-only clips (--grain: size, grain in L units, photo and seed of each) at the
default crf 18 and lossless (crf 0, the colouriser without H.264): for each frame on its own (the baseline), and
stabilised with its levers added one at a time (ab smoothed only; + the encoder's colour planes steadied; + tune
grain, the default), the flicker (mean |Δab| where the input stands still), CDC over a and b and over RGB (TCVC's
measure, as published), Lai et al.'s warp error (flow from the gray input) and the file size; the ratios to the
baseline; and the colour accuracy on the pan. Last, the peak memory of colourising a clip --long frames long vs one
tenth of it (fresh processes).

The model: --model FILE, else the demo recipe's model (trained once on first use, ~4 min, and cached), or
--untrained for a random network (speed only: its flicker and accuracy mean nothing).

Usage: python bench/video_speed.py [--width 854] [--height 480] [--frames 48] [--size N] [--bs 8] [--rounds 3]
                                   [--long 480] [--grain WxH:SIGMA:PHOTO:SEED,...] [--model FILE | --untrained]"""
import argparse, subprocess, sys, time
from unittest import mock
import av, torch
from PIL import Image
from colorize_nbdev.inference import Colorizer
from colorize_nbdev.batch import colorize_files
from colorize_nbdev.models import generator
from colorize_nbdev.clips import sample_clip
from colorize_nbdev.video import colorize_video, read_frames, video_info
from colorize_nbdev.temporal import TemporalSmoother, flicker, colour_accuracy, cdc, warp_error
from common import machine, scratch, alternate, table

PEAK = """
import sys
from colorize_nbdev.inference import Colorizer
Colorizer(sys.argv[1], size=int(sys.argv[4]), device='cpu').video(sys.argv[2], sys.argv[3], progress=False)
print(int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]) / 1024)  # this process's own peak (ru_maxrss keeps the parent's)
"""

def user_loop(col:Colorizer, src, dst, crf:int=18):
    "What a user writes without colorize_video: decode, colourise each frame, encode (no sound, no smoothing); no `col`: copy"
    with av.open(str(src)) as inp, av.open(str(dst), 'w') as out:
        vin = inp.streams.video[0]
        s = out.add_stream('libx264', rate=vin.guessed_rate)
        s.width, s.height, s.pix_fmt, s.options = vin.codec_context.width, vin.codec_context.height, 'yuv420p', {'crf': str(crf)}
        for f in inp.decode(vin):
            out.mux(s.encode(av.VideoFrame.from_image(col(f.to_image()) if col else f.to_image())))
        out.mux(s.encode(None))

PATHS = {  # name: (colorize_video options, steady the encoder's colour planes?)
    'each frame on its own (--temporal 0), the baseline': (dict(temporal=0), True),
    'stabilised: ab smoothed only, --tune none': (dict(tune='none'), False),
    '  + colour planes steadied, --tune none': (dict(tune='none'), True),
    '  + --tune grain: the default': ({}, True),
}

def quality(col, tmp, a, pan_truth):
    "Flicker, CDC (ab, RGB), warp error and size on the grain clips; accuracy on the pan; per path and crf"
    head = f"| {'clip':<22} | {'path':<52} | crf | flicker | CDC ab  | CDC RGB | warp err | size kB |"
    print('\n' + head + '\n|' + '|'.join('-' * len(c) for c in head.split('|')[1:-1]) + '|')
    ratios = []
    for spec in a.grain.split(','):
        wh, sigma, photo, seed = spec.split(':'); size = tuple(int(v) for v in wh.split('x'))
        name = f'{wh} grain {sigma} {photo}'
        sample_clip(tmp/'g.mp4', 'static', frames=24, size=size, grain=float(sigma), photo=photo, seed=int(seed))
        inputs = read_frames(tmp/'g.mp4')
        for crf in (18, 0):
            rows = {}
            for path, (opts, planes) in PATHS.items():
                with mock.patch.object(TemporalSmoother, 'steady_planes', TemporalSmoother.steady_planes if planes else lambda *_: None):
                    colorize_video(col, tmp/'g.mp4', tmp/'g_out.mp4', bs=a.bs, crf=crf, progress=False, **opts)
                out = read_frames(tmp/'g_out.mp4')
                rows[path] = r = (flicker(out, inputs), cdc(out, 'ab'), cdc(out), warp_error(out, inputs), (tmp/'g_out.mp4').stat().st_size / 1e3)
                print(f"| {name:<22} | {path:<52} | {crf:>3} | {r[0]:7.3f} | {r[1]:.5f} | {r[2]:.5f} | {r[3]:8.5f} | {r[4]:7.0f} |")
            base, best = rows[list(PATHS)[0]], rows[list(PATHS)[-1]]
            ratios.append((name, crf, *(b / p for b, p in zip(best, base))))
    print(f"\n| {'clip':<22} | crf | flicker (goal <= 0.50x) | CDC ab (<= 0.67x) | CDC RGB (<= 1.00x) | warp err | size |\n|{'-' * 24}|-----|{'-' * 25}|{'-' * 19}|{'-' * 20}|{'-' * 10}|{'-' * 6}|")
    for name, crf, fl, ab, rgb, we, kb in ratios:
        print(f"| {name:<22} | {crf:>3} | {fl:22.2f}x | {ab:16.2f}x | {rgb:17.2f}x | {we:7.2f}x | {kb:.2f}x |")
    print(f"\n| {'path':<52} | crf | ab-PSNR, pan (dB) |\n|{'-' * 54}|-----|{'-' * 19}|")
    for crf in (18, 0):
        for path, (opts, planes) in PATHS.items():
            with mock.patch.object(TemporalSmoother, 'steady_planes', TemporalSmoother.steady_planes if planes else lambda *_: None):
                colorize_video(col, tmp/'pan.mp4', tmp/'q_pan.mp4', bs=a.bs, crf=crf, progress=False, **opts)
            print(f"| {path:<52} | {crf:>3} | {colour_accuracy(read_frames(tmp/'q_pan.mp4'), pan_truth):>17.2f} |")

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--width', type=int, default=854); p.add_argument('--height', type=int, default=480)
    p.add_argument('--frames', type=int, default=48); p.add_argument('--size', type=int, default=None)
    p.add_argument('--bs', type=int, default=8); p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--long', type=int, default=480); p.add_argument('--model', default=None)
    p.add_argument('--untrained', action='store_true')
    p.add_argument('--grain', default='160x120:6:coffee:0,320x240:4:astronaut:1,480x360:8:rocket:2,854x480:6:chelsea:3')
    a = p.parse_args()
    tmp = scratch()
    if a.untrained:
        torch.manual_seed(0)
        from colorize_nbdev.models import save_model
        model = tmp/'model.safetensors'; save_model(generator(pretrained=False, size=a.size or 256), model, 'resnet18', a.size or 256)
    elif a.model: model = a.model
    else:
        from colorize_nbdev._fixtures import docs_model
        model = docs_model()[0]
    col = Colorizer(model, size=a.size, device='cpu')
    size = (a.width, a.height)
    pan_truth = sample_clip(tmp/'pan.mp4', 'pan', frames=a.frames, size=size)
    (tmp/'png').mkdir()
    frames = read_frames(tmp/'pan.mp4')
    for i, f in enumerate(frames): Image.fromarray(f).save(tmp/'png'/f'{i:04d}.png')

    def timed(f):
        t = time.perf_counter(); f(); return a.frames / (time.perf_counter() - t)
    rows = {
        "user's loop: PyAV + Colorizer per frame (baseline)": lambda: timed(lambda: user_loop(col, tmp/'pan.mp4', tmp/'user.mp4')),
        'colorize_video, each frame on its own (--temporal 0)': lambda: timed(lambda: colorize_video(col, tmp/'pan.mp4', tmp/'t0.mp4', bs=a.bs, temporal=0, progress=False)),
        'colorize_video, stabilised (--temporal 0.8)': lambda: timed(lambda: colorize_video(col, tmp/'pan.mp4', tmp/'t8.mp4', bs=a.bs, progress=False)),
        'colorize_video, stabilised, --preset veryfast': lambda: timed(lambda: colorize_video(col, tmp/'pan.mp4', tmp/'t8f.mp4', bs=a.bs, preset='veryfast', progress=False)),
        'photo path: colorize_files on the frames as PNG': lambda: timed(lambda: colorize_files(col, [tmp/'png'], tmp/'png_out', bs=a.bs, force=True, report=lambda m: None)),
        'photo path without files: colorize_many on the frames in memory': lambda: timed(lambda: [col.colorize_many(list(frames[i:i + a.bs])) for i in range(0, a.frames, a.bs)]),
        'decode + encode only (no network, for the overhead)': lambda: timed(lambda: user_loop(None, tmp/'pan.mp4', tmp/'copy.mp4')),
    }
    col.colorize_many([tmp/'png'/'0000.png'] * a.bs)  # warm-up at the timed batch size
    print(f"{a.frames} frames at {a.width}x{a.height}, network at {col.size} px ({'untrained' if a.untrained else model}), "
          f"batch {a.bs}, {col.dtype or 'fp32'} on the CPU, end to end, {a.rounds} rounds\nCPU: {machine()}")
    med = table(alternate(rows, a.rounds), 'frames/s')
    names = list(med)
    for i in (2, 3):
        print(f"{names[i]} vs the photo path: {med[names[i]] / med[names[4]]:.2f}x with its files, "
              f"{med[names[i]] / med[names[5]]:.2f}x without (goal: 0.90x or more)")

    quality(col, tmp, a, pan_truth)

    if a.long:
        peaks = {}
        for n in (a.long // 10, a.long // 2, a.long):  # memory settles over the first hundred or so frames
            sample_clip(tmp/f'long{n}.mp4', 'static', frames=n, size=size)  # (returns the truth: dropped at once)
            r = subprocess.run([sys.executable, '-c', PEAK, str(model), str(tmp/f'long{n}.mp4'), str(tmp/f'long{n}_out.mp4'), str(col.size)],
                               capture_output=True, text=True)
            if r.returncode: print(r.stderr[-2000:]); sys.exit(1)
            assert video_info(tmp/f'long{n}_out.mp4')['frames'] == n
            peaks[n] = float(r.stdout.split()[-1]); (tmp/f'long{n}.mp4').unlink(); (tmp/f'long{n}_out.mp4').unlink()
        print(f"\npeak RSS of a fresh process colourising {a.width}x{a.height}: " +
              ', '.join(f'{n} frames {mb:.0f} MB' for n, mb in peaks.items()) +
              f" (the longest clip's frames alone are {a.long * a.width * a.height * 3 / 2**20:.0f} MB)")

if __name__ == '__main__': main()
