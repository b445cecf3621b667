/* Intentionally empty: nothing libgcc2.c reads from it applies without configure. */
