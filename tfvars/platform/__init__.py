"""Program support that TF 1.x keeps under `tensorflow/python/platform`: logging, flags and `app.run`."""
