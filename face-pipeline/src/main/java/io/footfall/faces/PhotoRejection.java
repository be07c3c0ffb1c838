package io.footfall.faces;

/** Why a photo gives no usable face; each reason has a sentence a user can act on. */
public enum PhotoRejection {
    UNREADABLE("the file is not a JPEG, PNG, WebP or BMP photo that can be decoded"),
    TOO_LARGE("the photo is larger than the accepted size"),
    NO_FACE("no face was found; use a photo where the face is clearly visible and faces the camera"),
    SEVERAL_FACES("use a photo of this person alone"),
    TOO_SMALL("the face is too small; use a photo where the face is at least 40 pixels wide"),
    LOW_SCORE("the face is not clear enough to be sure it is a face (turned away, covered or dark)"),
    BLURRED("the face is blurred; use a sharper photo"),
    CLIPPED("the face is cut off by the edge of the photo");

    private final String advice;

    PhotoRejection(String advice) {
        this.advice = advice;
    }

    /** What is wrong, and what to do about it. */
    public String advice() {
        return advice;
    }
}
