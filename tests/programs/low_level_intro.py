# Program check (issue 7): a public TF 1.x tutorial, run unchanged but for its import line.
# Source: https://github.com/tensorflow/docs
#   site/en/r1/guide/low_level_intro.md @ 7f87c255b556dcc18208c982f61857e48940da8b,
#   section "Training" / "Complete program" (the TF 1.x guide "Introduction" to low-level APIs)
# Licence: Apache 2.0, Copyright 2018 The TensorFlow Authors (see LICENSES.md); modified as
#   listed here.
# Adaptations:
#   - The guide's code block has no import line; `import tensorflow as tf` added.
#   - `tf.set_random_seed(1)` added: `tf.layers.Dense` initialises its kernel unseeded.
# tolerance: rtol=1e-4
import tensorflow as tf
tf.set_random_seed(1)

x = tf.constant([[1], [2], [3], [4]], dtype=tf.float32)
y_true = tf.constant([[0], [-1], [-2], [-3]], dtype=tf.float32)

linear_model = tf.layers.Dense(units=1)

y_pred = linear_model(x)
loss = tf.losses.mean_squared_error(labels=y_true, predictions=y_pred)

optimizer = tf.train.GradientDescentOptimizer(0.01)
train = optimizer.minimize(loss)

init = tf.global_variables_initializer()

sess = tf.Session()
sess.run(init)
for i in range(100):
  _, loss_value = sess.run((train, loss))
  print(loss_value)

print(sess.run(y_pred))
