#!/usr/bin/env python3
"""Export torchvision ResNet-152 `avgpool` features (the original design) as an ONNX model for Bayan.

Needs PyTorch + torchvision and internet access for the ImageNet weights (not available on the CI
machines; run it where you have both):

    python3 scripts/export_resnet152.py models/resnet152_avgpool.onnx

Then point Bayan at it (conf/bayan.yaml or environment):

    model:
      id: torchvision-resnet152/avgpool
      path: models/resnet152_avgpool.onnx
      input: input
      output: embedding
      size: 224
      layout: NCHW
      mean: [123.675, 116.28, 103.53]   # ImageNet mean x 255: Bayan feeds 0..255 RGB
      std: [58.395, 57.12, 57.375]      # ImageNet std x 255
      normalize: false                  # the exported graph L2-normalises already

Input `input` float32 [N,3,224,224]; output `embedding` [N,2048], L2-normalised; dynamic batch.
"""
import sys

import torch
import torchvision


class AvgpoolEmbedding(torch.nn.Module):
    def __init__(self):
        super().__init__()
        net = torchvision.models.resnet152(weights=torchvision.models.ResNet152_Weights.IMAGENET1K_V2)
        self.features = torch.nn.Sequential(*list(net.children())[:-1])  # up to and including avgpool

    def forward(self, x):
        v = torch.flatten(self.features(x), 1)
        return torch.nn.functional.normalize(v, dim=1)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "models/resnet152_avgpool.onnx"
    model = AvgpoolEmbedding().eval()
    example = torch.zeros(1, 3, 224, 224)
    torch.onnx.export(model, example, out, input_names=["input"], output_names=["embedding"],
                      dynamic_axes={"input": {0: "N"}, "embedding": {0: "N"}}, opset_version=17)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
