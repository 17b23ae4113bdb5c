package dev.bayan.decide;

import java.util.Locale;

/** What the gateway answers for a post. */
public enum Outcome {
  ACCEPT, REVIEW, REJECT;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean flagged() {
    return this != ACCEPT;
  }
}
