/*
 * synonyms.c: the built-in synonym list, the everyday words clients and
 * students use for what the corpus names in anatomical or trade terms.
 *
 * Each string is one group of members separated by '|'; a member may be
 * several words ("lower back").  A query that contains one member also
 * matches entries containing any other member of its group, with all of
 * that member's words required.  Members are analysed like any text
 * (folded, stop words dropped, stemmed), so "stretches" needs no entry of
 * its own.  Synonym hits rank below exact hits in the same field (see
 * docs/search.md).  Names, nicknames and abbreviations of one entry belong
 * in the corpus as <alias>; this list holds only what is true across the
 * corpus.  It is compiled in: the corpus schema has no place for it.
 */
#include <stddef.h>

#include "index.h"

const char *const bwi_synonym_groups[] = {
	/* regions */
	"lower back|low back|lumbar",
	"upper back|thoracic",
	"neck|cervical",
	"tailbone|coccyx",
	"belly|tummy|abdomen|abdominal",
	"butt|buttock|bum|glute|gluteal",
	"groin|inguinal",
	"hip bone|ilium",
	"sit bone|sitting bone|ischial tuberosity",
	"kneecap|patella",
	"breastbone|sternum",
	"shoulder blade|scapula",
	"collarbone|clavicle",
	"belly button|navel|umbilicus",
	"si joint|sacroiliac",
	"spine|spinal|vertebral",
	/* symptoms and states, in a client's words */
	"lbp|low back pain|lower back pain|lumbago",
	"pain|ache|hurt|sore|painful",
	"tight|tense|stiff|shortened",
	"weak|weakness",
	"numb|numbness|tingling|pins and needles",
	"sciatica|sciatic pain",
	"period pain|menstrual pain|menstrual cramps|dysmenorrhea|dysmenorrhoea",
	"pregnant|pregnancy",
	"stand up|get up|rise from sitting",
	"sitting|seated",
	"lying on back|supine",
	"lying face down|prone",
	/* not "sidelying": English stemming cuts it to "side", which would
	 * make every "side" a synonym of lying on one */
	"lying on side|side lying",
	"limp|limping",
	"swayback|lordosis",
	"anxiety|anxious|worry",
	"fear|fright|scared",
	"stress|stressed",
	"fight or flight|flight or fight|flee or fight|fight flight",
	/* methods */
	"pnf|proprioceptive neuromuscular facilitation",
	"met|muscle energy|muscle energy technique",
	"pir|post isometric relaxation|postisometric relaxation",
	"mfr|myofascial release",
	"trigger point|tender point|knot",
	NULL
};
