"""Run a tutorial program on TensorFlow or on tfvars, changing only its import line.

    python3 run_program.py tfvars linear_regression.py      # print what tfvars prints
    /tmp/tfenv/bin/python run_program.py tensorflow linear_regression.py
    python3 run_program.py --record [NAME ...]               # re-record <name>.tf.out

Each program keeps the line `import tensorflow as tf` of its source. It becomes
`import tfvars as tf` (with this repository first on sys.path) or, for the oracle,
`import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()` (TF 2's v1 layer; legacy Keras for
`tf.layers`, and TF 1.x's op seeds and random graphs: see `seed_ops_as_tf1`, `random_ops_as_tf1`). The program runs as `__main__` in the current directory, with this directory on
sys.path so that `import synthetic_mnist` finds the stand-in data.

`--record` runs the programs on TensorFlow (`TFVARS_TF_PYTHON`, default /tmp/tfenv/bin/python),
each in a fresh temporary directory, and stores their standard output as `<name>.tf.out`.
"""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
ORIGINAL_IMPORT = "import tensorflow as tf"
IMPORTS = {
    "tfvars": "import tfvars as tf",
    "tensorflow": "import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()",
}
TF_ENVIRONMENT = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_USE_LEGACY_KERAS": "1", "CUDA_VISIBLE_DEVICES": ""}


def program_names():
    """The programs in this directory, by name (no `.py`), in sorted order."""
    return sorted(name[:-3] for name in os.listdir(HERE)
                  if name.endswith(".py") and name != "synthetic_mnist.py"
                  and name != "run_program.py" and not name.startswith("test_"))


def swap_import(source, backend):
    """`source` with its one `import tensorflow as tf` line replaced by `backend`'s import.

    Raises:
      ValueError: the line is not there exactly once.
    """
    lines = source.split("\n")
    hits = [i for i, line in enumerate(lines) if line.strip() == ORIGINAL_IMPORT]
    if len(hits) != 1:
        raise ValueError("expected one %r line, found %d" % (ORIGINAL_IMPORT, len(hits)))
    indent = lines[hits[0]][:len(lines[hits[0]]) - len(lines[hits[0]].lstrip())]
    lines[hits[0]] = indent + IMPORTS[backend]
    return "\n".join(lines)


def seed_ops_as_tf1():
    """Make TensorFlow 2's compat.v1 give unseeded random ops TF 1.x's op seeds.

    With a graph seed set, TF 1.x seeds an op that has no seed of its own with the graph's
    `_last_id` (the number of ops built so far); TF 2 counts the random ops instead. tfvars
    follows TF 1.x, so the oracle is brought back to 1.x's rule for the recording.
    """
    from tensorflow.python.framework import ops, random_seed
    counted_get_seed = random_seed.get_seed

    def get_seed(op_seed):
        graph = ops.get_default_graph()
        if op_seed is None and graph.seed is not None and not ops.executing_eagerly_outside_functions():
            op_seed = len(graph.get_operations())
        return counted_get_seed(op_seed)
    random_seed.get_seed = get_seed


def random_ops_as_tf1():
    """Make TensorFlow 2's compat.v1 build TF 1.15's `random_uniform` and `nn.dropout` graphs.

    TF 1.15 always builds `min`, `max`, `sub`, `mul` and `add` around RandomUniform (TF 2 skips
    them for [0, 1)), and its dropout keeps `floor(keep_prob + uniform)` (TF 2 compares the
    uniform with the rate). The values a seeded program prints depend on both: the op count
    seeds later ops (see `seed_ops_as_tf1`). tfvars follows 1.15.
    """
    import tensorflow.compat.v1 as tf1
    from tensorflow.python.framework import ops, random_seed
    from tensorflow.python.ops import gen_random_ops, math_ops, nn_ops

    def random_uniform(shape, minval=0, maxval=None, dtype=tf1.float32, seed=None, name=None):
        dtype = tf1.as_dtype(dtype)
        if dtype.is_integer or maxval is None and dtype.is_integer:
            return original_uniform(shape, minval, maxval, dtype, seed, name)
        with ops.name_scope(name, "random_uniform", [shape, minval, maxval]) as name:
            shape = tf1.convert_to_tensor(shape, dtype=tf1.int32) if not tf1.is_tensor(shape) else shape
            minval = ops.convert_to_tensor(minval, dtype=dtype, name="min")
            maxval = ops.convert_to_tensor(1 if maxval is None else maxval, dtype=dtype, name="max")
            seed1, seed2 = random_seed.get_seed(seed)
            rnd = gen_random_ops.random_uniform(shape, dtype, seed=seed1, seed2=seed2)
            return math_ops.add(rnd * (maxval - minval), minval, name=name)

    def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
        rate = rate if rate is not None else 1. - keep_prob
        with ops.name_scope(name, "dropout", [x]):
            x = ops.convert_to_tensor(x, name="x")
            rate = ops.convert_to_tensor(rate, dtype=x.dtype, name="rate")
            noise_shape = nn_ops._get_noise_shape(x, noise_shape)
            keep_prob = 1 - rate
            random_tensor = keep_prob + random_uniform(noise_shape, seed=seed, dtype=x.dtype)
            ret = math_ops.divide(x, keep_prob) * math_ops.floor(random_tensor)
            ret.set_shape(x.get_shape())
            return ret

    original_uniform = tf1.random_uniform
    tf1.random_uniform = tf1.random.uniform = random_uniform
    tf1.nn.dropout = dropout


def run(backend, path):
    """Execute the program at `path` in this process, as `__main__`, on `backend`."""
    with open(path) as f:
        source = swap_import(f.read(), backend)
    if backend == "tensorflow":
        seed_ops_as_tf1()
        random_ops_as_tf1()
    sys.path[:0] = [HERE] + ([REPO] if backend == "tfvars" else [])
    sys.argv = [path]
    code = compile(source, path, "exec")
    exec(code, {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__})


def record(names):
    """Run each named program on TensorFlow and store its standard output as `<name>.tf.out`."""
    python = os.environ.get("TFVARS_TF_PYTHON", "/tmp/tfenv/bin/python")
    env = dict(os.environ, **TF_ENVIRONMENT)
    for name in names:
        with tempfile.TemporaryDirectory() as cwd:
            result = subprocess.run([python, os.path.abspath(__file__), "tensorflow",
                                     os.path.join(HERE, name + ".py")],
                                    cwd=cwd, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.stderr.write(result.stderr)
            raise SystemExit("%s failed on TensorFlow (exit %d)" % (name, result.returncode))
        with open(os.path.join(HERE, name + ".tf.out"), "w") as f:
            f.write(result.stdout)
        print("recorded", name)


if __name__ == "__main__":
    if sys.argv[1] == "--record":
        record(sys.argv[2:] or program_names())
    else:
        run(sys.argv[1], os.path.abspath(sys.argv[2]))
