package org.timebank.gateway.staff;

/** A signed-in staff user: {@code org} is null for an admin, who sees the whole consortium. */
public record Staff(long id, String username, Role role, String org) {
    public enum Role {
        ADMIN, COORDINATOR, AGENT;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static java.util.Optional<Role> fromCode(String code) {
            for (Role r : values()) if (r.code().equals(code)) return java.util.Optional.of(r);
            return java.util.Optional.empty();
        }
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether this staff user may see members, transfers and funds of that NGO. */
    public boolean sees(String orgCode) {
        return isAdmin() || (org != null && org.equals(orgCode));
    }

    /** How this staff user is recorded as the actor of a change. */
    public String actor() {
        return "staff:" + username;
    }
}
