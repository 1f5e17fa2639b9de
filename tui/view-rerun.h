/*
 * view-rerun.h - what the two halves of the rerun panel share: its state,
 * kept by view-rerun.c (open, send, store, score, keys) and drawn by
 * view-rerun-draw.c. Internal to tui/.
 */
#ifndef CN_VIEW_RERUN_H
#define CN_VIEW_RERUN_H

#include "live.h"
#include "store-live.h"
#include "tui-int.h"

enum rr_phase {
	RR_SETUP,		/* the form and the preview */
	RR_RUNNING,		/* answers streaming */
	RR_SCORING,		/* stored; the scorer is asked */
	RR_DONE
};

struct rr_score {
	int64_t			 node;
	struct store_live_path	 path;
	struct live_call	*call;
};

struct rerun_view {
	int64_t			 node;
	char			*addr;
	struct live_config	*cfg;
	int			*gens;		/* cfg indices: generators */
	int			 ngens;
	int			*scorers;	/* cfg indices: scorers */
	int			 nscorers;
	int			 gen;		/* index into gens */
	int			 scorer;	/* into scorers, -1: none */
	int			 k;
	double			 temp;		/* NAN: the endpoint's */
	int			 full;

	struct store_live_path	 path;
	struct live_prompt	 pr;
	struct live_rerun	*r;
	struct live_client	*cl;
	enum rr_phase		 phase;
	int			 fresh;		/* text came since the draw */
	int			 top;		/* preview scroll */
	char			*note;		/* outcome, shown in the panel */
	int			 note_error;
	int64_t			 first_new;	/* the first child stored */
	struct rr_score		*sc;
	size_t			 nsc;
	/*
	 * The benchmark (replay mode, $CANOPY_BENCH_TOKENS names a file):
	 * when the oldest text not yet drawn came, and where to write how
	 * long it waited for the screen, and how many keys came while the
	 * answers streamed (bench/rerun.sh times those).
	 */
	int64_t			 t_fresh;
	FILE			*bench;
	int			 bench_keys;	/* keys while streaming */
};

/* view-rerun.c */
/* The endpoint chosen: a panel opens only with one to choose. */
const struct live_endpoint *rv_endpoint(const struct rerun_view *);
/* The scorer chosen, or NULL for none. */
const struct live_endpoint *rv_scorer(const struct rerun_view *);

/* view-rerun-draw.c */
void	 rv_draw(struct view *);
void	 rv_status(struct view *, struct cn_buf *);

#endif /* CN_VIEW_RERUN_H */
