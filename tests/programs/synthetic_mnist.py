"""A small, fixed stand-in for `tensorflow.examples.tutorials.mnist.input_data`.

The tutorial programs download MNIST; this machine has no network, so their data-loading line
`from tensorflow.examples.tutorials.mnist import input_data` becomes
`import synthetic_mnist as input_data`. `read_data_sets` gives the same structure (`train`,
`validation`, `test` DataSets with `images`, `labels`, `num_examples`, `next_batch`) and MNIST's
shapes and dtypes (784 float32 pixels in [0, 1]; labels uint8, or float64 one-hot rows), a tenth
of MNIST's sizes (5,500 / 500 / 1,000), drawn from a fixed seed. Like MNIST's, the images are
mostly zeros (about 12% of the pixels lit, in [0.5, 1)): each class has a pattern (pixels shared
by all classes plus a few of its own), an image lights half of its class's pattern at random and
some stray pixels, so that the classes can be learnt but not perfectly (a nearest-class-mean
classifier gets about 94% of the test set right). Shuffling between epochs uses the
data set's own generator, never numpy's global one, so a program's own seeding is untouched
and every run sees the same batches.
"""

import collections

import numpy as np

NUM_CLASSES = 10
IMAGE_PIXELS = 28 * 28
_SIZES = (("train", 5500), ("validation", 500), ("test", 1000))
_SEED = 20151109  # TensorFlow's first public release date: any fixed number would do

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])


class DataSet(object):
    """Images and labels served in batches, reshuffled at each epoch like MNIST's DataSet."""

    def __init__(self, images, labels, seed):
        self._images = images
        self._labels = labels
        self._rng = np.random.RandomState(seed)
        self._index_in_epoch = 0
        self._epochs_completed = 0

    @property
    def images(self):
        return self._images

    @property
    def labels(self):
        return self._labels

    @property
    def num_examples(self):
        return self._images.shape[0]

    @property
    def epochs_completed(self):
        return self._epochs_completed

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        """The next `batch_size` examples; a batch that crosses an epoch's end wraps around."""
        del fake_data  # accepted for the tutorials' signature; the data is always synthetic
        if self._index_in_epoch == 0 and self._epochs_completed == 0 and shuffle:
            self._shuffle()
        parts_x, parts_y = [], []
        needed = batch_size
        while needed > 0:
            take = min(needed, self.num_examples - self._index_in_epoch)
            stop = self._index_in_epoch + take
            parts_x.append(self._images[self._index_in_epoch:stop])
            parts_y.append(self._labels[self._index_in_epoch:stop])
            self._index_in_epoch = stop
            needed -= take
            if self._index_in_epoch == self.num_examples:
                self._epochs_completed += 1
                self._index_in_epoch = 0
                if shuffle:
                    self._shuffle()
        return np.concatenate(parts_x), np.concatenate(parts_y)

    def _shuffle(self):
        order = self._rng.permutation(self.num_examples)
        self._images = self._images[order]
        self._labels = self._labels[order]


def _examples(rng, patterns, count):
    classes = rng.randint(0, NUM_CLASSES, size=count)
    lit = patterns[classes] & (rng.uniform(size=(count, IMAGE_PIXELS)) < 0.5)
    stray = rng.uniform(size=(count, IMAGE_PIXELS)) < 0.06
    brightness = rng.uniform(0.5, 1.0, size=(count, IMAGE_PIXELS))
    images = np.where(lit | stray, brightness, 0.0).astype(np.float32)
    return images, classes.astype(np.uint8)


def _one_hot(classes):
    rows = np.zeros((classes.shape[0], NUM_CLASSES))
    rows[np.arange(classes.shape[0]), classes] = 1.0
    return rows


def read_data_sets(train_dir, fake_data=False, one_hot=False, **unused_kwargs):
    """The three synthetic data sets; `train_dir` is ignored (nothing is read or written)."""
    del train_dir, fake_data, unused_kwargs
    rng = np.random.RandomState(_SEED)
    shared = rng.uniform(size=IMAGE_PIXELS) < 0.12
    patterns = shared | (rng.uniform(size=(NUM_CLASSES, IMAGE_PIXELS)) < 0.012)
    sets = []
    for index, (_, count) in enumerate(_SIZES):
        images, classes = _examples(rng, patterns, count)
        labels = _one_hot(classes) if one_hot else classes
        sets.append(DataSet(images, labels, seed=_SEED + index))
    return Datasets(*sets)
