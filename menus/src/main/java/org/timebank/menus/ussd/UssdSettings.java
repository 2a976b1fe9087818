package org.timebank.menus.ussd;

/** The USSD settings of http.md, in the units their names say. */
public record UssdSettings(String serviceCode, int maxGsmChars, int maxUcsChars, long maxTransferMinutes, int requestExpiryDays) {}
