#!/usr/bin/env python3
"""Pure-numpy reference for the all-MiniLM-L6-v2 sentence encoder.

It is the yardstick the Swift encoder is checked against: a WordPiece tokenizer written
from the BERT (uncased) rules, a float32 BERT forward pass over weights read straight from
model.safetensors, mean pooling over the attention mask and L2 normalisation. Each sentence
is encoded alone (batch of one, no padding) so that nothing but the arithmetic can differ.

Usage:
  minilm_reference.py --model DIR --sentences FILE.json --out OUT.json [--tokens-only]

FILE.json is a JSON array of strings. OUT.json is
  {"model": "...", "max_tokens": 256, "sentences": [{"text": ..., "ids": [...], "vector": [...]}]}
With --tokens-only the vectors are left out (and the weights are not read).

Needs only numpy. The model folder must hold model.safetensors, vocab.txt and config.json.
"""

import argparse
import json
import math
import os
import struct
import sys
import time
import unicodedata

import numpy as np

MAX_TOKENS = 256            # [CLS] + at most 254 word pieces + [SEP]
MAX_CHARS_PER_WORD = 100    # longer words become [UNK]
SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")


# ---------------------------------------------------------------------------
# safetensors
# ---------------------------------------------------------------------------

_DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64,
           "I64": np.int64, "I32": np.int32, "I16": np.int16, "I8": np.int8,
           "U8": np.uint8, "BOOL": np.bool_}


def read_safetensors(path):
    """Return {name: numpy array} for every tensor in a .safetensors file.

    Layout: 8-byte little-endian header length N, N bytes of JSON mapping each name to
    {"dtype", "shape", "data_offsets": [begin, end]}, then the raw little-endian data;
    offsets count from the first byte after the header.
    """
    with open(path, "rb") as f:
        blob = f.read()
    (header_len,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + header_len].decode("utf-8"))
    base = 8 + header_len
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        dtype = np.dtype(_DTYPES[info["dtype"]]).newbyteorder("<")
        array = np.frombuffer(blob, dtype=dtype, count=(end - begin) // dtype.itemsize,
                              offset=base + begin)
        tensors[name] = array.reshape(info["shape"]).astype(dtype.newbyteorder("="))
    return tensors


# ---------------------------------------------------------------------------
# Tokenizer (BERT uncased: basic tokenizer + WordPiece)
# ---------------------------------------------------------------------------

def is_whitespace(ch):
    # Space, tab, newline, carriage return and the Unicode space separators (Zs), plus the
    # line and paragraph separators U+2028/U+2029 (Zl, Zp): both Hugging Face tokenizers
    # split words there too.
    if ch in " \t\n\r":
        return True
    return unicodedata.category(ch) in ("Zs", "Zl", "Zp")


def is_control(ch):
    # Every "Other" category (Cc, Cf, Co, Cn, Cs) except the three whitespace controls.
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch).startswith("C")


def is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True  # all non-alphanumeric printable ASCII, symbols like $ + < ^ ` | ~ included
    return unicodedata.category(ch).startswith("P")


def is_cjk_ideograph(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF
            or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def clean_text(text):
    """Drop NUL, U+FFFD and control characters; turn every whitespace character into a space."""
    out = []
    for ch in text:
        if ch == "\x00" or ch == "\ufffd" or is_control(ch):
            continue
        out.append(" " if is_whitespace(ch) else ch)
    return "".join(out)


def space_cjk(text):
    """Put a space on both sides of every CJK ideograph, so each one is a word of its own."""
    return "".join(f" {ch} " if is_cjk_ideograph(ord(ch)) else ch for ch in text)


def strip_accents(word):
    """Canonical decomposition (NFD), then drop the nonspacing marks (Mn)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word)
                   if unicodedata.category(ch) != "Mn")


def split_punctuation(word):
    """Every punctuation character becomes a piece of its own."""
    pieces, current = [], []
    for ch in word:
        if is_punctuation(ch):
            if current:
                pieces.append("".join(current))
                current = []
            pieces.append(ch)
        else:
            current.append(ch)
    if current:
        pieces.append("".join(current))
    return pieces


def lowercase(word):
    """Character by character, with no context rules: a final capital sigma becomes σ, not ς."""
    return "".join(ch.lower() for ch in word)


def basic_tokenize(text):
    words = []
    for word in space_cjk(clean_text(text)).split(" "):
        if not word:
            continue
        word = strip_accents(lowercase(word))
        words.extend(split_punctuation(word))
    return words


class WordPieceTokenizer:
    def __init__(self, vocab_path):
        with open(vocab_path, encoding="utf-8") as f:
            tokens = [line.rstrip("\n") for line in f]
        self.vocab = {tok: i for i, tok in enumerate(tokens)}
        self.unk_id = self.vocab["[UNK]"]
        self.cls_id = self.vocab["[CLS]"]
        self.sep_id = self.vocab["[SEP]"]

    def word_ids(self, word):
        """Greedy longest-match-first; a word that cannot be covered completely is one [UNK]."""
        if len(word) > MAX_CHARS_PER_WORD:
            return [self.unk_id]
        ids, start = [], 0
        while start < len(word):
            end, found = len(word), None
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk_id]
            ids.append(found)
            start = end
        return ids

    def text_ids(self, text):
        """Word-piece ids of a stretch of text that holds no special token."""
        ids = []
        for word in basic_tokenize(text):
            ids.extend(self.word_ids(word))
        return ids

    def encode(self, text, max_tokens=MAX_TOKENS):
        """[CLS] + word pieces + [SEP], the word pieces cut so the whole fits max_tokens.

        As in the Hugging Face tokenizers, a special token written literally in the text
        (exactly "[UNK]", "[SEP]", "[MASK]", ..., case-sensitive) stands for its own id.
        """
        ids, rest = [], text
        while rest:
            hits = [(rest.find(tok), tok) for tok in SPECIAL_TOKENS if tok in rest]
            if not hits:
                ids.extend(self.text_ids(rest))
                break
            pos, tok = min(hits)
            ids.extend(self.text_ids(rest[:pos]))
            ids.append(self.vocab[tok])
            rest = rest[pos + len(tok):]
        return [self.cls_id] + ids[:max_tokens - 2] + [self.sep_id]


# ---------------------------------------------------------------------------
# Model (BERT encoder, float32)
# ---------------------------------------------------------------------------

def load_config(model_dir):
    with open(os.path.join(model_dir, "config.json"), encoding="utf-8") as f:
        return json.load(f)


def layer_norm(x, gamma, beta, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = np.square(x - mean).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


_erf = np.vectorize(math.erf, otypes=[np.float64])


def gelu(x):
    """Exact GELU, 0.5 x (1 + erf(x / sqrt 2)), erf taken in float64."""
    x64 = x.astype(np.float64)
    return (0.5 * x64 * (1.0 + _erf(x64 / math.sqrt(2.0)))).astype(np.float32)


def linear(x, w, b):
    # w is stored [out, in] as in PyTorch.
    return x @ w.T + b


class MiniLM:
    def __init__(self, model_dir):
        cfg = load_config(model_dir)
        self.layers = cfg["num_hidden_layers"]
        self.heads = cfg["num_attention_heads"]
        self.hidden = cfg["hidden_size"]
        self.eps = float(cfg["layer_norm_eps"])
        self.w = read_safetensors(os.path.join(model_dir, "model.safetensors"))

    def __call__(self, input_ids, attention_mask):
        """input_ids, attention_mask: int arrays [batch, seq]. Returns [batch, hidden] unit vectors."""
        w, eps = self.w, self.eps
        batch, seq = input_ids.shape
        head_dim = self.hidden // self.heads
        mask = attention_mask.astype(np.float32)

        x = (w["embeddings.word_embeddings.weight"][input_ids]
             + w["embeddings.position_embeddings.weight"][np.arange(seq)][None, :, :]
             + w["embeddings.token_type_embeddings.weight"][0][None, None, :])
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)

        # Padded keys get the most negative float32, as in Hugging Face's BERT.
        key_bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        scale = np.float32(1.0 / math.sqrt(head_dim))

        def split_heads(t):  # [b, s, hidden] -> [b, heads, s, head_dim]
            return t.reshape(batch, seq, self.heads, head_dim).transpose(0, 2, 1, 3)

        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            q = split_heads(linear(x, w[p + "attention.self.query.weight"], w[p + "attention.self.query.bias"]))
            k = split_heads(linear(x, w[p + "attention.self.key.weight"], w[p + "attention.self.key.bias"]))
            v = split_heads(linear(x, w[p + "attention.self.value.weight"], w[p + "attention.self.value.bias"]))
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + key_bias
            scores = scores - scores.max(axis=-1, keepdims=True)
            probs = np.exp(scores)
            probs = probs / probs.sum(axis=-1, keepdims=True)
            context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, seq, self.hidden)

            attn = linear(context, w[p + "attention.output.dense.weight"], w[p + "attention.output.dense.bias"])
            x = layer_norm(attn + x, w[p + "attention.output.LayerNorm.weight"],
                           w[p + "attention.output.LayerNorm.bias"], eps)
            inter = gelu(linear(x, w[p + "intermediate.dense.weight"], w[p + "intermediate.dense.bias"]))
            out = linear(inter, w[p + "output.dense.weight"], w[p + "output.dense.bias"])
            x = layer_norm(out + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)

        # Mean over the real tokens, then unit length.
        summed = (x * mask[:, :, None]).sum(axis=1)
        counts = np.maximum(mask.sum(axis=1, keepdims=True), np.float32(1e-9))
        pooled = summed / counts
        norms = np.sqrt(np.square(pooled).sum(axis=1, keepdims=True))
        return (pooled / np.maximum(norms, np.float32(1e-12))).astype(np.float32)

    def encode_ids(self, ids):
        """One sentence alone: batch of one, no padding."""
        input_ids = np.asarray([ids], dtype=np.int64)
        return self(input_ids, np.ones_like(input_ids))[0]


# ---------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, help="folder with model.safetensors, vocab.txt, config.json")
    ap.add_argument("--sentences", required=True, help="JSON array of strings")
    ap.add_argument("--out", required=True, help="output JSON file")
    ap.add_argument("--tokens-only", action="store_true", help="write ids only, no vectors")
    ap.add_argument("--model-name", default="sentence-transformers/all-MiniLM-L6-v2",
                    help="name recorded in the output's \"model\" field")
    args = ap.parse_args(argv)

    with open(args.sentences, encoding="utf-8") as f:
        sentences = json.load(f)
    if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
        sys.exit("--sentences must be a JSON array of strings")

    tokenizer = WordPieceTokenizer(os.path.join(args.model, "vocab.txt"))
    model = None if args.tokens_only else MiniLM(args.model)

    started = time.perf_counter()
    records = []
    for text in sentences:
        ids = tokenizer.encode(text)
        record = {"text": text, "ids": ids}
        if model is not None:
            record["vector"] = [float(v) for v in model.encode_ids(ids)]
        records.append(record)
    elapsed = time.perf_counter() - started

    result = {"model": args.model_name,
              "max_tokens": MAX_TOKENS,
              "sentences": records}
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)
        f.write("\n")
    what = "tokenized" if args.tokens_only else "encoded"
    print(f"{what} {len(records)} sentences in {elapsed:.2f} s -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
