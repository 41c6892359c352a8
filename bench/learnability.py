"""Does training learn? A small model on synthetic shapes vs the grayscale baseline and the (unreachable) truth, on
held-out images. By default colour is a function of shape (red circles, blue squares, green stripes), so a model
can learn it from L. With --hints the shapes have random colours (lightness and shape say nothing about them) and a
hint model is trained (colorize_train --hints): automatically it can only guess, with one hint per shape
(from the images' hints.json, placed as `colorize --hints` places them) it should colour them.

Usage: python bench/learnability.py [--n 320] [--size 64] [--pre_epochs 15] [--gan_epochs 3] [--light] [--lr_pre LR] [--min_margin DB]
       python bench/learnability.py --hints [--min_hint_margin DB] ...
With --min_margin it exits 1 when the model's ab-PSNR margin over the baseline is smaller; with --min_hint_margin,
when the hinted model's margin over the automatic one is smaller (.ci/run uses both).
Prints ab-PSNR (dB, higher is better), ΔCF (colourfulness gap to the truth, 0 is best) and CIEDE2000 as a table."""
import argparse, sys, time
from colorize_nbdev.evaluation import learnability
from common import scratch, machine

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--n', type=int, default=320); p.add_argument('--size', type=int, default=64)
    p.add_argument('--bs', type=int, default=16)
    p.add_argument('--pre_epochs', type=int, default=15); p.add_argument('--gan_epochs', type=int, default=3)
    p.add_argument('--hints', action='store_true', help='a hint model on shapes of random colour')
    p.add_argument('--light', action='store_true', help="the generator's light head (generator(last_cross=False))")
    p.add_argument('--lr_pre', type=float, default=None, help="peak learning rate of pretraining (default: colorize_train's)")
    p.add_argument('--min_margin', type=float, default=None, help='fail (exit 1) below this ab-PSNR margin over the baseline, dB')
    p.add_argument('--min_hint_margin', type=float, default=None, help='fail (exit 1) below this ab-PSNR margin of hinted over automatic, dB')
    a = p.parse_args()
    t = time.time()
    r = learnability(scratch(), n=a.n, size=a.size, bs=a.bs, pre_epochs=a.pre_epochs, gan_epochs=a.gan_epochs, hints=a.hints,
                     last_cross=not a.light, lr_pre=a.lr_pre)
    print(f"synthetic shapes{' of random colour' if a.hints else ''}: {a.n} images ({int(a.n * 0.8)} train / {a.n - int(a.n * 0.8)} valid), "
          f"{a.size}px, {a.pre_epochs} L1 + {a.gan_epochs} GAN epochs{f' (peak rate {a.lr_pre:g})' if a.lr_pre else ''}{', a hint model' if a.hints else ''}{', light head' if a.light else ''}, {time.time() - t:.0f} s on CPU ({machine()})")
    rows = ([('model, automatic', 'model'), ('model, 1 hint per shape', 'hinted')] if a.hints else [('model', 'model')]) + [('grayscale baseline', 'grayscale_baseline')]
    print(f"| {'':<24} | {'ab-PSNR (dB)':>12} | {'ΔCF':>7} | {'CIEDE2000':>9} |\n|{'-'*26}|{'-'*14}|{'-'*9}|{'-'*11}|")
    for name, key in rows:
        m = r[key]; print(f"| {name:<24} | {m['ab_psnr']:>12.2f} | {m['cf_gap']:>7.2f} | {m['ciede2000']:>9.2f} |")
    print(f"| {'truth':<24} | {'inf':>12} | {0:>7.2f} | {0:>9.2f} |")
    margin = r['model']['ab_psnr'] - r['grayscale_baseline']['ab_psnr']
    print(f"margin of the (automatic) model over the baseline: {margin:.2f} dB ab-PSNR")
    if a.hints:
        hint_margin = r['hinted']['ab_psnr'] - r['model']['ab_psnr']
        print(f"margin of the hinted model over the automatic one: {hint_margin:.2f} dB ab-PSNR")
        if a.min_hint_margin is not None and not hint_margin > a.min_hint_margin:
            sys.exit(f"FAILED: hint margin {hint_margin:.2f} dB is not above {a.min_hint_margin} dB")
    if a.min_margin is not None and not margin > a.min_margin: sys.exit(f"FAILED: margin {margin:.2f} dB is not above {a.min_margin} dB")

if __name__ == '__main__': main()
