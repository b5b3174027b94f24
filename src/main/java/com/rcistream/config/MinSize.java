package com.rcistream.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;

/** A memory size of at least {@link #value()} (written as the setting is: 1K, 8M): Bean Validation has none for it. */
@Target({ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = MinSize.Check.class)
public @interface MinSize {

    String value();

    String message() default "must be at least {value}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<MinSize, MemorySize> {

        private long min;

        @Override
        public void initialize(MinSize annotation) {
            min = new MemorySizeConverter().convert(annotation.value()).asLongValue();
        }

        @Override
        public boolean isValid(MemorySize size, ConstraintValidatorContext context) {
            return size == null || size.asLongValue() >= min;
        }
    }
}
