#!/usr/bin/env python3
"""Build an fp32 ONNX model of the all-MiniLM-L6-v2 sentence encoder from model.safetensors.

The graph is written by hand with onnx.helper and does exactly what minilm_reference.py
does: BERT embeddings, 6 encoder layers, mean pooling over the attention mask, L2
normalisation. Nothing is traced from PyTorch.

  inputs:  input_ids      int64 [batch, seq]
           attention_mask int64 [batch, seq]   (1 = real token, 0 = padding)
  output:  embedding      float [batch, 384]   (unit length)

Usage:
  export_onnx.py --model DIR --out FILE.onnx [--check SENTENCES.json]

--check encodes the sentences with onnxruntime in padded batches and compares them with the
numpy reference (cosine similarity); it needs onnxruntime, the export itself only numpy + onnx.
"""

import argparse
import json
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import minilm_reference as ref  # noqa: E402

OPSET = 17  # LayerNormalization is a standard op from 17 on


class GraphBuilder:
    """Collects nodes and initializers; every helper returns the name of its output."""

    def __init__(self):
        self.nodes, self.initializers, self.count = [], [], 0

    def fresh(self, hint):
        self.count += 1
        return f"{hint}_{self.count}"

    def const(self, name, array):
        self.initializers.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def op(self, op_type, inputs, hint=None, **attrs):
        out = self.fresh(hint or op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=out, **attrs))
        return out


def build(model_dir):
    cfg = ref.load_config(model_dir)
    w = ref.read_safetensors(os.path.join(model_dir, "model.safetensors"))
    hidden, heads = cfg["hidden_size"], cfg["num_attention_heads"]
    head_dim, eps = hidden // heads, float(cfg["layer_norm_eps"])
    f32 = lambda a: np.ascontiguousarray(a, dtype=np.float32)  # noqa: E731

    g = GraphBuilder()

    def dense(x, prefix):
        # PyTorch keeps weights as [out, in]; store them transposed so y = x @ W + b.
        wt = g.const(prefix + ".weight_t", f32(w[prefix + ".weight"].T))
        b = g.const(prefix + ".bias", f32(w[prefix + ".bias"]))
        return g.op("Add", [g.op("MatMul", [x, wt]), b])

    def layer_norm(x, prefix):
        gamma = g.const(prefix + ".weight", f32(w[prefix + ".weight"]))
        beta = g.const(prefix + ".bias", f32(w[prefix + ".bias"]))
        return g.op("LayerNormalization", [x, gamma, beta], axis=-1, epsilon=eps)

    # Shared constants.
    zero_i = g.const("zero_i64", np.array(0, dtype=np.int64))
    one_i = g.const("one_i64", np.array(1, dtype=np.int64))
    one_f = g.const("one_f32", np.array(1.0, dtype=np.float32))
    axis1 = g.const("axes_1", np.array([1], dtype=np.int64))
    axes12 = g.const("axes_1_2", np.array([1, 2], dtype=np.int64))
    heads_shape = g.const("shape_heads", np.array([0, 0, heads, head_dim], dtype=np.int64))
    merged_shape = g.const("shape_merged", np.array([0, 0, hidden], dtype=np.int64))
    scale = g.const("attn_scale", np.array(1.0 / math.sqrt(head_dim), dtype=np.float32))
    neg = g.const("mask_min", np.array(np.finfo(np.float32).min, dtype=np.float32))
    inv_sqrt2 = g.const("inv_sqrt2", np.array(1.0 / math.sqrt(2.0), dtype=np.float32))
    half = g.const("half", np.array(0.5, dtype=np.float32))
    count_floor = g.const("count_floor", np.array(1e-9, dtype=np.float32))
    norm_floor = g.const("norm_floor", np.array(1e-12, dtype=np.float32))

    # Embeddings: word + position + token type 0, then LayerNorm.
    word_emb = g.const("embeddings.word_embeddings.weight", f32(w["embeddings.word_embeddings.weight"]))
    pos_emb = g.const("embeddings.position_embeddings.weight", f32(w["embeddings.position_embeddings.weight"]))
    type0 = g.const("embeddings.token_type_0", f32(w["embeddings.token_type_embeddings.weight"][0]))

    seq_len = g.op("Gather", [g.op("Shape", ["input_ids"]), one_i], "seq_len", axis=0)
    positions = g.op("Range", [zero_i, seq_len, one_i], "positions")
    x = g.op("Add", [g.op("Gather", [word_emb, "input_ids"], axis=0),
                     g.op("Gather", [pos_emb, positions], axis=0)])
    x = g.op("Add", [x, type0])
    x = layer_norm(x, "embeddings.LayerNorm")

    # Attention bias: 0 for real keys, the most negative float for padding; shape [b, 1, 1, s].
    mask_f = g.op("Cast", ["attention_mask"], "mask_f", to=TensorProto.FLOAT)
    key_bias = g.op("Mul", [g.op("Sub", [one_f, mask_f]), neg], "key_bias")
    key_bias = g.op("Unsqueeze", [key_bias, axes12], "key_bias_4d")

    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        # [b, s, hidden] -> [b, heads, s, head_dim]  (keys -> [b, heads, head_dim, s])
        q = g.op("Transpose", [g.op("Reshape", [dense(x, p + "attention.self.query"), heads_shape])],
                 perm=[0, 2, 1, 3])
        k = g.op("Transpose", [g.op("Reshape", [dense(x, p + "attention.self.key"), heads_shape])],
                 perm=[0, 2, 3, 1])
        v = g.op("Transpose", [g.op("Reshape", [dense(x, p + "attention.self.value"), heads_shape])],
                 perm=[0, 2, 1, 3])
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), scale]), key_bias])
        probs = g.op("Softmax", [scores], axis=-1)
        context = g.op("Transpose", [g.op("MatMul", [probs, v])], perm=[0, 2, 1, 3])
        context = g.op("Reshape", [context, merged_shape])

        attn = dense(context, p + "attention.output.dense")
        x = layer_norm(g.op("Add", [attn, x]), p + "attention.output.LayerNorm")

        # Exact GELU: 0.5 * h * (1 + erf(h / sqrt 2)).
        h = dense(x, p + "intermediate.dense")
        erf = g.op("Erf", [g.op("Mul", [h, inv_sqrt2])])
        h = g.op("Mul", [g.op("Mul", [h, half]), g.op("Add", [erf, one_f])])

        out = dense(h, p + "output.dense")
        x = layer_norm(g.op("Add", [out, x]), p + "output.LayerNorm")

    # Mean pooling over the real tokens, then L2 normalisation.
    mask_3d = g.op("Unsqueeze", [mask_f, g.const("axes_2", np.array([2], dtype=np.int64))])
    summed = g.op("ReduceSum", [g.op("Mul", [x, mask_3d]), axis1], keepdims=0)
    counts = g.op("Max", [g.op("ReduceSum", [mask_f, axis1], keepdims=1), count_floor])
    pooled = g.op("Div", [summed, counts], "pooled")
    norm = g.op("Max", [g.op("ReduceL2", [pooled], axes=[1], keepdims=1), norm_floor])
    g.nodes.append(helper.make_node("Div", [pooled, norm], ["embedding"], name="embedding"))

    graph = helper.make_graph(
        g.nodes, "all-MiniLM-L6-v2",
        inputs=[helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
                helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"])],
        outputs=[helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", hidden])],
        initializer=g.initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="claimtrace export_onnx.py")
    model.ir_version = 8  # accepted by every onnxruntime that supports opset 17
    onnx.checker.check_model(model)
    return model


def pad_batch(id_lists):
    width = max(len(ids) for ids in id_lists)
    input_ids = np.zeros((len(id_lists), width), dtype=np.int64)
    mask = np.zeros((len(id_lists), width), dtype=np.int64)
    for row, ids in enumerate(id_lists):
        input_ids[row, :len(ids)] = ids
        mask[row, :len(ids)] = 1
    return input_ids, mask


def check(onnx_path, model_dir, sentences_path, batch_sizes=(1, 16, 64)):
    import onnxruntime as ort

    with open(sentences_path, encoding="utf-8") as f:
        sentences = json.load(f)
    tokenizer = ref.WordPieceTokenizer(os.path.join(model_dir, "vocab.txt"))
    id_lists = [tokenizer.encode(s) for s in sentences]
    reference = ref.MiniLM(model_dir)
    expected = np.stack([reference.encode_ids(ids) for ids in id_lists]).astype(np.float64)

    session = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    worst_cos = 1.0
    for batch_size in batch_sizes:
        got = []
        for start in range(0, len(id_lists), batch_size):
            input_ids, mask = pad_batch(id_lists[start:start + batch_size])
            got.append(session.run(["embedding"], {"input_ids": input_ids, "attention_mask": mask})[0])
        got = np.concatenate(got).astype(np.float64)
        cos = (got * expected).sum(1) / (np.linalg.norm(got, axis=1) * np.linalg.norm(expected, axis=1))
        print(f"onnxruntime vs reference: {len(cos)} sentences in padded batches of {batch_size}: "
              f"min cosine {cos.min():.12f} (sentence {int(cos.argmin())}), "
              f"max |diff| {np.abs(got - expected).max():.3g}")
        worst_cos = min(worst_cos, float(cos.min()))
    return worst_cos


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, help="folder with model.safetensors, vocab.txt, config.json")
    ap.add_argument("--out", required=True, help="ONNX file to write")
    ap.add_argument("--check", metavar="SENTENCES.json",
                    help="compare onnxruntime with the numpy reference on these sentences")
    args = ap.parse_args(argv)

    model = build(args.model)
    onnx.save(model, args.out)
    print(f"wrote {args.out} ({os.path.getsize(args.out) / 1e6:.1f} MB, opset {OPSET}, "
          f"{len(model.graph.node)} nodes)", file=sys.stderr)
    if args.check and check(args.out, args.model, args.check) < 0.99999:
        sys.exit("onnxruntime output differs from the reference")


if __name__ == "__main__":
    main()
