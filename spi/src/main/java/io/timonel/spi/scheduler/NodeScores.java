package io.timonel.spi.scheduler;

/**
 * One score policy's scores of the feasible nodes of a cycle, by position: what
 * {@link NormalizeScore} rescales in place. Backed by arrays, so scoring allocates little.
 */
public final class NodeScores {

    private final NodeInfo[] nodes;
    private final long[] scores;
    private final int size;

    public NodeScores(NodeInfo[] nodes, long[] scores, int size) {
        this.nodes = nodes;
        this.scores = scores;
        this.size = size;
    }

    public int size() {
        return size;
    }

    public NodeInfo node(int i) {
        return nodes[i];
    }

    public long get(int i) {
        return scores[i];
    }

    public void set(int i, long score) {
        scores[i] = score;
    }

    /** The highest score, 0 when empty. */
    public long max() {
        long max = 0;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, scores[i]);
        }
        return max;
    }

    /**
     * The common normalisation: scales scores to 0..{@link Score#MAX_SCORE} relative to the highest,
     * reversed when {@code reverse} (lower raw is better).
     */
    public void normalize(boolean reverse) {
        long max = max();
        for (int i = 0; i < size; i++) {
            long s = max == 0 ? (reverse ? Score.MAX_SCORE : 0) : scores[i] * Score.MAX_SCORE / max;
            scores[i] = reverse && max != 0 ? Score.MAX_SCORE - s : s;
        }
    }
}
