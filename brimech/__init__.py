"""brimech: shared code of the executable edition of 刘均胜、张中元 (2024).

Data flows one way: ``brimech.data`` validates and loads ``data/``; the graph
and stage modules build structures from those tables; the drawing modules turn
them into matplotlib figures; the notebooks only call these.
"""

__version__ = "0.1.0"
