#!/usr/bin/env python3
"""GPU throughput of the gateway's ONNX model at batch 1..256, for the `gpu` profile's defaults.

Runs where a CUDA GPU, PyTorch and the `onnx` package are installed (the lent GPU machines have them;
CI never runs this). ONNX Runtime's CUDA provider is what the gateway uses on a GPU (`mvn -Pgpu`,
`embed.device: cuda`), but its GPU build was not available there: the Python wheel installed is
CPU-only and the Java GPU jar is over 600 MB. So this script executes the same ONNX file op by op on
PyTorch's CUDA kernels (cuDNN convolutions), with the two rewrites ONNX Runtime itself makes at its
default optimisation level (constant folding, BatchNormalization folded into the Conv before it),
checks the outputs against ONNX Runtime on the CPU, and times host tensor -> GPU -> host output:
  eager      one kernel launch per op from Python (an upper bound on launch overhead)
  cudagraph  the whole graph captured once per batch size and replayed (launch overhead gone,
             closer to what a C++ runtime achieves); also timed with the input already on the GPU,
             and the float input's copy alone (3 x 224 x 224 x 4 bytes = 602 KB per image)

Usage: python3 scripts/bench-gpu.py [models/mobilenet_v2_cut.onnx] [--output embedding_mid] [--seconds 2]
"""
import argparse
import time

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def conv(x, w, b, a):
    pads = list(a.get("pads", [0, 0, 0, 0]))
    if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
        raise ValueError("auto_pad is not supported")
    top, left, bottom, right = pads
    if top != bottom or left != right:
        x = F.pad(x, (left, right, top, bottom))
        top = left = 0
    return F.conv2d(x, w, b, stride=a.get("strides", [1, 1]), padding=(top, left),
                    dilation=a.get("dilations", [1, 1]), groups=a.get("group", 1))


def gemm(x, w, c, a):
    if a.get("transA", 0):
        x = x.t()
    if a.get("transB", 0):
        w = w.t()
    y = a.get("alpha", 1.0) * (x @ w)
    return y if c is None else y + a.get("beta", 1.0) * c


OPS = {
    "Add": lambda i, a: i[0] + i[1],
    "Sub": lambda i, a: i[0] - i[1],
    "Mul": lambda i, a: i[0] * i[1],
    "Div": lambda i, a: i[0] / i[1],
    "Max": lambda i, a: torch.maximum(i[0], i[1]),
    "Relu": lambda i, a: torch.relu(i[0]),
    "Clip": lambda i, a: torch.clamp(i[0], i[1] if len(i) > 1 else a.get("min"), i[2] if len(i) > 2 else a.get("max")),
    "Cast": lambda i, a: i[0].float() if a["to"] == 1 else i[0],
    "Identity": lambda i, a: i[0],
    "Flatten": lambda i, a: i[0].flatten(a.get("axis", 1)),
    "GlobalAveragePool": lambda i, a: i[0].mean((2, 3), keepdim=True),
    "Softmax": lambda i, a: torch.softmax(i[0], a.get("axis", -1)),
    "ReduceL2": lambda i, a: torch.linalg.vector_norm(i[0], dim=a.get("axes", [1]), keepdim=bool(a.get("keepdims", 1))),
    "BatchNormalization": lambda i, a: F.batch_norm(i[0], i[3], i[4], i[1], i[2], False, 0.0, a.get("epsilon", 1e-5)),
    "Conv": lambda i, a: conv(i[0], i[1], i[2] if len(i) > 2 else None, a),
    "Gemm": lambda i, a: gemm(i[0], i[1], i[2] if len(i) > 2 else None, a),
    "Transpose": lambda i, a: i[0].permute(*a["perm"]),
    "Reshape": lambda i, a: i[0].reshape([int(d) for d in i[1].tolist()]),
    "MatMul": lambda i, a: i[0] @ i[1],
}


class Graph:
    """The ONNX graph as a list of torch calls: constants folded, BatchNormalization folded into Conv."""

    def __init__(self, path, output, device):
        model = onnx.load(path)
        g = model.graph
        self.input = g.input[0].name
        self.output = output
        values = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()).to(device) for t in g.initializer}
        consumers = {}
        for n in g.node:
            for name in n.input:
                consumers[name] = consumers.get(name, 0) + 1
        self.steps = []
        producer = {}
        for n in g.node:
            if n.op_type not in OPS:
                raise ValueError(f"op {n.op_type} is not supported by this script")
            a = attrs(n)
            if all(name == "" or name in values for name in n.input):  # constant: fold now
                values[n.output[0]] = OPS[n.op_type]([values.get(name) for name in n.input], a)
                continue
            if n.op_type == "BatchNormalization" and self._fold(n, a, values, producer, consumers):
                continue
            producer[n.output[0]] = len(self.steps)
            self.steps.append((n.op_type, list(n.input), n.output[0], a))
        self.constants = values
        self._keep_needed()

    def _fold(self, bn, a, values, producer, consumers):
        source = bn.input[0]
        if source not in producer or consumers.get(source, 0) != 1:
            return False
        op, inputs, _, conv_attrs = self.steps[producer[source]]
        if op != "Conv" or not all(name in values for name in inputs[1:] + bn.input[1:]):
            return False
        gamma, beta, mean, var = (values[name] for name in bn.input[1:5])
        scale = gamma / torch.sqrt(var + a.get("epsilon", 1e-5))
        w = values[inputs[1]] * scale.reshape(-1, 1, 1, 1)
        b = (values[inputs[2]] if len(inputs) > 2 else torch.zeros_like(mean)) - mean
        b = b * scale + beta
        values[bn.output[0] + "/w"], values[bn.output[0] + "/b"] = w, b
        self.steps[producer[source]] = ("Conv", [inputs[0], bn.output[0] + "/w", bn.output[0] + "/b"], bn.output[0],
                                        conv_attrs)
        producer[bn.output[0]] = producer.pop(source)
        return True

    def _keep_needed(self):
        needed = {self.output}
        kept = []
        for step in reversed(self.steps):
            if step[2] in needed:
                kept.append(step)
                needed.update(step[1])
        self.steps = list(reversed(kept))

    def __call__(self, x):
        values = dict(self.constants)
        values[self.input] = x
        for op, inputs, output, a in self.steps:
            values[output] = OPS[op]([values.get(name) if name else None for name in inputs], a)
        return values[self.output]


def timed(run, seconds):
    run()
    torch.cuda.synchronize()
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        run()
        done += 1
    torch.cuda.synchronize()
    return (time.perf_counter() - start) / done


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model", nargs="?", default="models/mobilenet_v2_cut.onnx")
    p.add_argument("--output", default="embedding_mid")
    p.add_argument("--seconds", type=float, default=2.0)
    args = p.parse_args()
    device = torch.device("cuda")
    torch.backends.cudnn.benchmark = True
    graph = Graph(args.model, args.output, device)
    print(f"{args.model} -> {args.output}: {len(graph.steps)} ops after folding; {torch.cuda.get_device_name()},"
          f" torch {torch.__version__}, cuDNN {torch.backends.cudnn.version()}")

    rng = np.random.default_rng(1)
    check = rng.uniform(0, 255, (4, 3, 224, 224)).astype(np.float32)
    try:
        import onnxruntime as ort
        reference = ort.InferenceSession(args.model, providers=["CPUExecutionProvider"]).run([args.output],
                                                                                             {graph.input: check})[0]
        with torch.no_grad():
            mine = graph(torch.from_numpy(check).to(device)).cpu().numpy()
        print(f"check against ONNX Runtime {ort.__version__} (CPU), batch 4: max |difference| "
              f"{np.abs(mine - reference).max():.2e}")
    except ImportError:
        print("check skipped: no onnxruntime here")

    print("batch | eager images/s | cudagraph images/s | cudagraph ms/batch (host -> GPU -> host)"
          " | cudagraph images/s, input already on the GPU | ms/batch to copy the input alone")
    for batch in [1, 2, 4, 8, 16, 32, 64, 128, 256]:
        host = torch.from_numpy(rng.uniform(0, 255, (batch, 3, 224, 224)).astype(np.float32)).pin_memory()
        with torch.no_grad():
            eager = timed(lambda: graph(host.to(device, non_blocking=True)).cpu(), args.seconds)
            static_in = torch.empty_like(host, device=device)
            stream = torch.cuda.Stream()
            stream.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(stream):
                for _ in range(3):
                    graph(static_in)  # warm-up on a side stream, as CUDA graph capture requires
            torch.cuda.current_stream().wait_stream(stream)
            cuda_graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(cuda_graph):
                static_out = graph(static_in)

            def replay():
                static_in.copy_(host, non_blocking=True)
                cuda_graph.replay()
                return static_out.cpu()

            captured = timed(replay, args.seconds)
            resident = timed(cuda_graph.replay, args.seconds)
            copy = timed(lambda: static_in.copy_(host, non_blocking=True), args.seconds)
        print(f"{batch} | {batch / eager:.0f} | {batch / captured:.0f} | {captured * 1e3:.2f} | {batch / resident:.0f}"
              f" | {copy * 1e3:.2f}")


if __name__ == "__main__":
    main()
