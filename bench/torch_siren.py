"""The PyTorch peer of bench/cn.ts: one training step (forward + backward + AdamW(amsgrad)) of WUCON's
SIREN (Linear(3,W)+sin(w0.), D x [Linear(W,W)+sin(w0.)], Linear(W,1)) on M random points, L1 loss.
Run with OPENBLAS_NUM_THREADS / OMP_NUM_THREADS set to the thread count (Debian's torch does not pass its
own to OpenBLAS). Prints one JSON line: seconds per step (median of the timed steps), the torch version."""
import json
import sys
import time

import torch

threads, M, W, D, steps = (int(a) for a in sys.argv[1:6])
torch.set_num_threads(threads)
torch.manual_seed(0)


class Sine(torch.nn.Module):
    def __init__(self, lin, w0):
        super().__init__()
        self.lin, self.w0 = lin, w0

    def forward(self, x):
        return torch.sin(self.w0 * self.lin(x))


layers = [Sine(torch.nn.Linear(3, W), 30.0)] + [Sine(torch.nn.Linear(W, W), 30.0) for _ in range(D)]
net = torch.nn.Sequential(*layers, torch.nn.Linear(W, 1))
opt = torch.optim.AdamW(net.parameters(), lr=1e-4, amsgrad=True, weight_decay=0)
x = torch.rand(M, 3)
y = torch.rand(M, 1)
times = []
for i in range(steps + 2):
    t0 = time.perf_counter()
    opt.zero_grad()
    loss = torch.nn.functional.l1_loss(net(x), y)
    loss.backward()
    opt.step()
    if i >= 2:
        times.append(time.perf_counter() - t0)
times.sort()
print(json.dumps({"seconds": times[len(times) // 2], "torch": torch.__version__, "threads": threads}))
