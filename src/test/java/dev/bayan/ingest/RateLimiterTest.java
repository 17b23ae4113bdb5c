package dev.bayan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void allowsTheBurstThenTheRate() {
    RateLimiter limiter = new RateLimiter(2, 3);
    long t = 10 * SECOND;
    assertThat(limiter.tryAcquire("a", t)).isTrue();
    assertThat(limiter.tryAcquire("a", t)).isTrue();
    assertThat(limiter.tryAcquire("a", t)).isTrue();
    assertThat(limiter.tryAcquire("a", t)).isFalse();
    assertThat(limiter.tryAcquire("a", t + SECOND / 2)).isTrue(); // one token back after 0.5 s at 2/s
    assertThat(limiter.tryAcquire("a", t + SECOND / 2)).isFalse();
  }

  @Test
  void clientsHaveTheirOwnBuckets() {
    RateLimiter limiter = new RateLimiter(1, 1);
    assertThat(limiter.tryAcquire("a", 0)).isTrue();
    assertThat(limiter.tryAcquire("a", 0)).isFalse();
    assertThat(limiter.tryAcquire("b", 0)).isTrue();
  }
}
