"""What every benchmark here shares: measurements repeated in alternating rounds, and one table format.

Each measure is a function returning images/s. `alternate` calls them A B C, A B C, ... so that anything that
drifts during the run (turbo clocks, page cache, another process) hits every row alike; `table` prints the median
of the rounds, their spread (min-max, as % of the median) and the ratio of medians to the first row, the baseline."""
import atexit, os, shutil, statistics, tempfile
from pathlib import Path
import torch

def scratch()->Path:
    "A temporary folder for a benchmark's models and photos, deleted when the script exits"
    d = Path(tempfile.mkdtemp(prefix='colorize_bench_'))
    atexit.register(shutil.rmtree, d, ignore_errors=True)
    return d

def alternate(measures:dict, rounds:int=3)->dict:
    "{name: [images/s per round]}, each measure called once per round, in turn"
    res = {name: [] for name in measures}
    for r in range(rounds):
        for name, f in measures.items():
            res[name].append(f()); print(f"  round {r + 1}/{rounds}: {name}: {res[name][-1]:.2f} images/s", flush=True)
    return res

def threads()->str:
    "The thread counts that decide CPU speed: torch's intra- and inter-op pools, OMP_NUM_THREADS, the cores"
    return (f"torch {torch.get_num_threads()} intra-op / {torch.get_num_interop_threads()} inter-op threads, "
            f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}, {os.cpu_count()} cores")

def machine()->str:
    "What a figure was measured on: the CPU's model and flags, torch's kernel level and threads, what precision `auto` picks"
    from colorize_nbdev.devices import cpu_info, autocast_dtype
    c = cpu_info()
    auto = autocast_dtype(torch.device('cpu'))
    gpu = f"; GPU {torch.cuda.get_device_name()}" if torch.cuda.is_available() else ''
    return (f"CPU {c['model']} (flags: {' '.join(c['flags']) or 'none of avx2/avx512f/avx512_bf16/amx'}; torch kernels "
            f"{c['capability']}), {threads()}; precision auto on the CPU: {auto or 'fp32'}{gpu}")

def table(res:dict, unit:str='images/s'):
    "Print median, spread and ratio to the first row of `alternate`'s result"
    med = {k: statistics.median(v) for k, v in res.items()}
    base = next(iter(med.values()))
    w = max(len(k) for k in res) + 2
    print(f"| {'':<{w}} | {unit + ' (median)':>17} | {'spread':>7} | {'ratio':>6} |\n|{'-' * (w + 2)}|{'-' * 19}|{'-' * 9}|{'-' * 8}|")
    for k, v in res.items():
        print(f"| {k:<{w}} | {med[k]:>17.2f} | {100 * (max(v) - min(v)) / med[k]:>6.1f}% | {med[k] / base:>5.2f}x |")
    return med

class SkimageLab(torch.utils.data.Dataset):
    "The baseline dataset most colourisation tutorials write: per item, PIL resize, then scikit-image's rgb2lab, normalised"
    def __init__(self, files, size): self.files, self.size = files, size
    def __len__(self): return len(self.files)
    def __getitem__(self, i):
        import numpy as np
        from PIL import Image
        from skimage.color import rgb2lab
        img = np.asarray(Image.open(self.files[i]).convert('RGB').resize((self.size, self.size), Image.BILINEAR))
        lab = torch.from_numpy(rgb2lab(img).astype('float32')).permute(2, 0, 1)
        return lab[:1] / 50. - 1., lab[1:] / 110.
