/* Intentionally empty: no target hooks are used by the routines compiled here. */
