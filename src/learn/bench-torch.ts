/**
 * The PyTorch yardstick for `bench --learn`, written to a temp file at bench time: the
 * same ensemble (K ReLU MLPs, each on its own bootstrap resample), batch, epochs, Adam
 * and MSE on data of the same shape. Prints one JSON line.
 */
export const TORCH_SCRIPT = `import json, os, sys, time, torch
cfg = json.loads(sys.argv[1])
# Some builds (Debian's) start with one thread; a user would let PyTorch use every core.
torch.set_num_threads(max(1, os.cpu_count() or 1))
torch.manual_seed(0)
n, d, a = cfg['frames'], cfg['obs_dim'], cfg['act_dim']
K, B, E = cfg['members'], cfg['batch'], cfg['epochs']
x = torch.rand(n, d)
y = torch.sin(3 * x[:, :a]) * x[:, 5:5 + a]

def net():
    layers, width = [], d
    for h in cfg['hidden']:
        layers += [torch.nn.Linear(width, h), torch.nn.ReLU()]
        width = h
    return torch.nn.Sequential(*layers, torch.nn.Linear(width, a))

members = [net() for _ in range(K)]
opts = [torch.optim.Adam(m.parameters(), lr=cfg['lr']) for m in members]
boots = [torch.randint(0, n, (n,)) for _ in range(K)]
t0 = time.perf_counter()
for _ in range(E):
    for m, opt, idx in zip(members, opts, boots):
        order = idx[torch.randperm(n)]
        for s in range(0, n, B):
            rows = order[s:s + B]
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(m(x[rows]), y[rows])
            loss.backward()
            opt.step()
dt = time.perf_counter() - t0
print(json.dumps({'samples_per_s': K * n * E / dt, 'seconds': dt, 'threads': torch.get_num_threads(), 'version': torch.__version__}))
`;
