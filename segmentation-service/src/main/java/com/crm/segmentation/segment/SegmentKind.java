package com.crm.segmentation.segment;

/** How a segment's members are decided. */
public enum SegmentKind {
    /** Members are the customers its condition picks, kept current as data and time change. */
    DYNAMIC,
    /** A list: members are added and removed by hand (by id, or a snapshot of a search), never by a condition. */
    STATIC
}
