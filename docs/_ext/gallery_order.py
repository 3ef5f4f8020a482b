"""The order of the examples in the gallery (sphinx-gallery's
``within_subsection_order``, named in ``conf.py`` as a string so that
Sphinx can cache the configuration)."""

ORDER = [
    "plot_loss_and_validation_curves.py",
    "plot_watching_a_fit.py",
    "plot_accuracy_vs_sequence_length.py",
    "plot_pipeline_grid_search.py",
    "plot_forecasting.py",
    "plot_sequence_labelling.py",
    "dask_grid_search.py",
]


class ExampleOrder:
    """Sort key of an example's file name: those of ``ORDER`` in its order,
    then any other by name."""

    def __init__(self, src_dir):
        self.src_dir = src_dir

    def __call__(self, filename):
        if filename in ORDER:
            return (ORDER.index(filename), filename)
        return (len(ORDER), filename)

    def __repr__(self):
        return f"ExampleOrder({ORDER})"
