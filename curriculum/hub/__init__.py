"""研修用 JupyterHub: one-server set-up for a cohort (:mod:`curriculum.hub.setup`), the data prefetch for
offline city networks (:mod:`curriculum.hub.prefetch`) and Zero to JupyterHub values (:mod:`curriculum.hub.k8s`)."""
